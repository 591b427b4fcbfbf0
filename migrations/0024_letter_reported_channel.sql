ALTER TABLE `campaign_letters` ADD `reported_channel` text;--> statement-breakpoint
-- Letters reported before: the channel their report was counted in, the letter's opened channel as it
-- was when reported (opened, sent or printed later moved it, and counted nothing there).
UPDATE `campaign_letters` SET `reported_channel` = CASE WHEN opened_at IS NULL OR opened_at > reported_at THEN NULL
  WHEN opened_via = 'qr' THEN 'print' WHEN sms_sent_at <= reported_at THEN 'sms' WHEN printed_at <= reported_at THEN 'print' END
  WHERE reported_at IS NOT NULL;
