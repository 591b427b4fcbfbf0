-- The funnel's children a page at a time in their order (name, then id): each parent's index ends with both.
DROP INDEX `branches_committee`;--> statement-breakpoint
CREATE INDEX `branches_committee` ON `branches` (`tenant_id`,`committee_id`,`name_zh`,`id`);--> statement-breakpoint
DROP INDEX `committees_tenant`;--> statement-breakpoint
CREATE INDEX `committees_tenant` ON `committees` (`tenant_id`,`name_zh`,`id`);--> statement-breakpoint
DROP INDEX `home_units_tenant_parent`;--> statement-breakpoint
CREATE INDEX `home_units_tenant_parent` ON `home_units` (`tenant_id`,`parent_id`,`name_zh`,`id`);