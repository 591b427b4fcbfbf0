ALTER TABLE `campaign_letters` ADD `sms_claimed_at` integer;--> statement-breakpoint
ALTER TABLE `campaign_letters` ADD `sms_vendor_id` text;--> statement-breakpoint
CREATE INDEX `campaign_letters_sms_waiting` ON `campaign_letters` (`campaign_id`,`member_id`) WHERE sms_claimed_at is null;--> statement-breakpoint
CREATE INDEX `campaign_letters_sms_vendor` ON `campaign_letters` (`sms_vendor_id`) WHERE sms_vendor_id is not null;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `send_progress_at` integer;