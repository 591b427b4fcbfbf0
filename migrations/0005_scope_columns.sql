DROP INDEX `check_ins_previous_branch`;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `home_unit_id` text;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `home_town_id` text;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `member_branch_id` text;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `member_committee_id` text;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `branch_committee_id` text;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `previous_committee_id` text;--> statement-breakpoint
CREATE INDEX `check_ins_branch_created` ON `check_ins` (`branch_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `check_ins_home_unit_created` ON `check_ins` (`home_unit_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `check_ins_home_town_created` ON `check_ins` (`home_town_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `check_ins_member_branch_created` ON `check_ins` (`member_branch_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `check_ins_member_committee_created` ON `check_ins` (`member_committee_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `check_ins_branch_committee_created` ON `check_ins` (`branch_committee_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `check_ins_previous_committee_created` ON `check_ins` (`previous_committee_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `check_ins_previous_branch` ON `check_ins` (`previous_branch_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `members` ADD `home_town_id` text;--> statement-breakpoint
ALTER TABLE `members` ADD `host_committee_id` text;--> statement-breakpoint
CREATE INDEX `members_tenant_town` ON `members` (`tenant_id`,`home_town_id`,`id`);--> statement-breakpoint
CREATE INDEX `members_tenant_committee` ON `members` (`tenant_id`,`host_committee_id`,`id`);--> statement-breakpoint
ALTER TABLE `service_requests` ADD `home_unit_id` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `home_town_id` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `member_branch_id` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `check_in_branch_id` text;--> statement-breakpoint
CREATE INDEX `service_requests_home_unit_created` ON `service_requests` (`home_unit_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `service_requests_home_town_created` ON `service_requests` (`home_town_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `service_requests_member_branch_created` ON `service_requests` (`member_branch_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `service_requests_check_in_branch_created` ON `service_requests` (`check_in_branch_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_tenant_type` ON `audit_log` (`tenant_id`,`subject_type`,`id`);--> statement-breakpoint
CREATE INDEX `audit_tenant_subject_id` ON `audit_log` (`tenant_id`,`subject_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_tenant_action` ON `audit_log` (`tenant_id`,`action`,`id`);--> statement-breakpoint
CREATE INDEX `partner_consents_live` ON `partner_consents` (`tenant_id`,`partner_id`,`member_id`) WHERE withdrawn_at is null;--> statement-breakpoint
-- Backfill the scope columns from what they copy (members first: the others copy from them).
UPDATE `members` SET
  `home_town_id` = (SELECT coalesce(`parent_id`, `id`) FROM `home_units` WHERE `home_units`.`id` = `members`.`home_unit_id`),
  `host_committee_id` = (SELECT `committee_id` FROM `branches` WHERE `branches`.`id` = `members`.`host_branch_id`);--> statement-breakpoint
UPDATE `check_ins` SET
  `home_unit_id` = (SELECT `home_unit_id` FROM `members` WHERE `members`.`id` = `check_ins`.`member_id`),
  `home_town_id` = (SELECT `home_town_id` FROM `members` WHERE `members`.`id` = `check_ins`.`member_id`),
  `member_branch_id` = (SELECT `host_branch_id` FROM `members` WHERE `members`.`id` = `check_ins`.`member_id`),
  `member_committee_id` = (SELECT `host_committee_id` FROM `members` WHERE `members`.`id` = `check_ins`.`member_id`),
  `branch_committee_id` = (SELECT `committee_id` FROM `branches` WHERE `branches`.`id` = `check_ins`.`branch_id`),
  `previous_committee_id` = (SELECT `committee_id` FROM `branches` WHERE `branches`.`id` = `check_ins`.`previous_branch_id`);--> statement-breakpoint
UPDATE `service_requests` SET
  `home_unit_id` = (SELECT `home_unit_id` FROM `members` WHERE `members`.`id` = `service_requests`.`member_id`),
  `home_town_id` = (SELECT `home_town_id` FROM `members` WHERE `members`.`id` = `service_requests`.`member_id`),
  `member_branch_id` = (SELECT `host_branch_id` FROM `members` WHERE `members`.`id` = `service_requests`.`member_id`),
  `check_in_branch_id` = (SELECT `branch_id` FROM `check_ins` WHERE `check_ins`.`id` = `service_requests`.`check_in_id`);
