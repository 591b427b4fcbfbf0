ALTER TABLE `members` ADD `mobile_verified_at` integer;--> statement-breakpoint
-- Backfill: the first confirmed check-in whose sender proved the mobile by SMS code. Only those
-- members are written (`id IN`: one pass over check_ins), not every row of members.
UPDATE `members` SET `mobile_verified_at` = (
	SELECT min(`c`.`created_at`) FROM `check_ins` `c`
	WHERE `c`.`tenant_id` = `members`.`tenant_id` AND `c`.`member_id` = `members`.`id` AND `c`.`status` = 'confirmed' AND `c`.`mobile_verified` = 1
)
WHERE `id` IN (SELECT `member_id` FROM `check_ins` WHERE `status` = 'confirmed' AND `mobile_verified` = 1);
