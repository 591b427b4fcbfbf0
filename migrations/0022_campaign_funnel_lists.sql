CREATE INDEX `campaign_letters_town` ON `campaign_letters` (`campaign_id`,`home_town_id`,`id`);--> statement-breakpoint
CREATE INDEX `campaign_letters_committee` ON `campaign_letters` (`campaign_id`,`member_committee_id`,`id`);--> statement-breakpoint
CREATE INDEX `campaign_letters_branch` ON `campaign_letters` (`campaign_id`,`member_branch_id`,`id`);--> statement-breakpoint
CREATE INDEX `campaign_letters_campaign` ON `campaign_letters` (`campaign_id`,`id`);