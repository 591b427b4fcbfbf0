ALTER TABLE `contact_attempts` ADD `fellow_member_id` text REFERENCES members(id);--> statement-breakpoint
CREATE INDEX `contact_attempts_fellow` ON `contact_attempts` (`fellow_member_id`) WHERE fellow_member_id is not null;--> statement-breakpoint
ALTER TABLE `lost_contact_cases` ADD `campaign_id` text REFERENCES campaigns(id);--> statement-breakpoint
CREATE INDEX `members_verified_home` ON `members` (`tenant_id`,`home_unit_id`,`last_check_in_at`,`id`) WHERE mobile_verified_at is not null;--> statement-breakpoint
CREATE INDEX `campaign_letters_silent` ON `campaign_letters` (`campaign_id`,`id`) WHERE reported_at is null and handed_off_at is null;