DROP INDEX `partners_tenant`;--> statement-breakpoint
CREATE INDEX `partners_tenant` ON `partners` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_tenant_user` ON `audit_log` (`tenant_id`,`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_tenant_key` ON `audit_log` (`tenant_id`,`key_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_tenant_time` ON `audit_log` (`tenant_id`,`at`);