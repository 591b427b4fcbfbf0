DROP INDEX `members_tenant_branch`;--> statement-breakpoint
DROP INDEX `members_tenant_home`;--> statement-breakpoint
CREATE INDEX `members_tenant_id` ON `members` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `members_tenant_branch` ON `members` (`tenant_id`,`host_branch_id`,`id`);--> statement-breakpoint
CREATE INDEX `members_tenant_home` ON `members` (`tenant_id`,`home_unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `branches_committee` ON `branches` (`tenant_id`,`committee_id`);