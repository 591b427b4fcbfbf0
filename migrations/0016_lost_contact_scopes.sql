DROP INDEX `lost_contact_cases_tenant_due`;--> statement-breakpoint
ALTER TABLE `lost_contact_cases` ADD `closed_note` text;--> statement-breakpoint
ALTER TABLE `lost_contact_cases` ADD `home_unit_id` text;--> statement-breakpoint
ALTER TABLE `lost_contact_cases` ADD `home_town_id` text;--> statement-breakpoint
ALTER TABLE `lost_contact_cases` ADD `member_branch_id` text;--> statement-breakpoint
ALTER TABLE `lost_contact_cases` ADD `member_committee_id` text;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_tenant_open` ON `lost_contact_cases` (`tenant_id`,`due_at`,`id`) WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_tenant_closed` ON `lost_contact_cases` (`tenant_id`,`due_at`,`id`) WHERE closed_at is not null;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_home_open` ON `lost_contact_cases` (`home_unit_id`,`due_at`,`id`) WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_home_closed` ON `lost_contact_cases` (`home_unit_id`,`due_at`,`id`) WHERE closed_at is not null;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_town_open` ON `lost_contact_cases` (`home_town_id`,`due_at`,`id`) WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_town_closed` ON `lost_contact_cases` (`home_town_id`,`due_at`,`id`) WHERE closed_at is not null;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_branch_open` ON `lost_contact_cases` (`member_branch_id`,`due_at`,`id`) WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_branch_closed` ON `lost_contact_cases` (`member_branch_id`,`due_at`,`id`) WHERE closed_at is not null;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_committee_open` ON `lost_contact_cases` (`member_committee_id`,`due_at`,`id`) WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_committee_closed` ON `lost_contact_cases` (`member_committee_id`,`due_at`,`id`) WHERE closed_at is not null;--> statement-breakpoint
DROP INDEX `staff_grants_node`;--> statement-breakpoint
CREATE INDEX `staff_grants_node` ON `staff_grants` (`tenant_id`,`role`,`scope_node_id`);--> statement-breakpoint
-- Written by hand: the copies of the cases there are (scope-copies.ts keeps them from now on), and
-- the one hand-closing reason there was, now `other`.
UPDATE `lost_contact_cases` SET `home_unit_id` = (SELECT `home_unit_id` FROM `members` WHERE `members`.`id` = `lost_contact_cases`.`member_id`),
  `home_town_id` = (SELECT `home_town_id` FROM `members` WHERE `members`.`id` = `lost_contact_cases`.`member_id`),
  `member_branch_id` = (SELECT `host_branch_id` FROM `members` WHERE `members`.`id` = `lost_contact_cases`.`member_id`),
  `member_committee_id` = (SELECT `host_committee_id` FROM `members` WHERE `members`.`id` = `lost_contact_cases`.`member_id`);--> statement-breakpoint
UPDATE `lost_contact_cases` SET `closed_reason` = 'other' WHERE `closed_reason` = 'closed';
