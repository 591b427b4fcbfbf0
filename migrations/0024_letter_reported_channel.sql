ALTER TABLE `campaign_letters` ADD `reported_channel` text;--> statement-breakpoint
-- Letters reported before: the channel their report was counted in, as the letter tells it now.
UPDATE `campaign_letters` SET `reported_channel` = CASE WHEN opened_via IS NULL THEN NULL WHEN opened_via = 'qr' THEN 'print'
  WHEN sms_sent_at IS NOT NULL THEN 'sms' WHEN printed_at IS NOT NULL THEN 'print' END WHERE reported_at IS NOT NULL;
