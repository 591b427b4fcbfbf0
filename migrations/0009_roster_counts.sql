CREATE TABLE `roster_counts` (
	`tenant_id` text NOT NULL,
	`node_id` text NOT NULL,
	`members` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`tenant_id`, `node_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- The counts of the members already there; from now on worker/src/data/scope-copies.ts keeps them.
INSERT INTO `roster_counts` (`tenant_id`, `node_id`, `members`)
SELECT `tenant_id`, `node_id`, count(*) FROM (
	SELECT `tenant_id`, `home_unit_id` AS `node_id` FROM `members`
	UNION ALL SELECT `tenant_id`, `home_town_id` FROM `members` WHERE `home_town_id` IS NOT `home_unit_id`
	UNION ALL SELECT `tenant_id`, `host_branch_id` FROM `members`
	UNION ALL SELECT `tenant_id`, `host_committee_id` FROM `members`
) WHERE `node_id` IS NOT NULL GROUP BY `tenant_id`, `node_id`;
