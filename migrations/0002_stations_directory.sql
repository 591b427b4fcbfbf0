CREATE TABLE `station_hour_exceptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`station_id` text NOT NULL,
	`date` text NOT NULL,
	`opens` text,
	`closes` text,
	`note_zh` text DEFAULT '' NOT NULL,
	`note_en` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `station_hour_exceptions_date` ON `station_hour_exceptions` (`station_id`,`date`);--> statement-breakpoint
CREATE TABLE `station_hours` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`station_id` text NOT NULL,
	`weekday` integer NOT NULL,
	`opens` text NOT NULL,
	`closes` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `station_hours_station` ON `station_hours` (`station_id`,`weekday`);--> statement-breakpoint
CREATE TABLE `station_services` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`station_id` text NOT NULL,
	`category` text NOT NULL,
	`description_zh` text NOT NULL,
	`description_en` text NOT NULL,
	`eligibility_zh` text NOT NULL,
	`eligibility_en` text NOT NULL,
	`how_to_apply_zh` text NOT NULL,
	`how_to_apply_en` text NOT NULL,
	`languages` text DEFAULT 'zh' NOT NULL,
	`fees_zh` text,
	`fees_en` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `station_services_category` ON `station_services` (`tenant_id`,`category`,`station_id`);--> statement-breakpoint
CREATE INDEX `station_services_station` ON `station_services` (`station_id`);--> statement-breakpoint
CREATE TABLE `volunteer_teams` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`station_id` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`description_zh` text DEFAULT '' NOT NULL,
	`description_en` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `volunteer_teams_station` ON `volunteer_teams` (`station_id`);--> statement-breakpoint
ALTER TABLE `stations` ADD `office_email` text;--> statement-breakpoint
ALTER TABLE `stations` ADD `description_zh` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `stations` ADD `description_en` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `stations` ADD `time_zone` text DEFAULT 'Asia/Shanghai' NOT NULL;--> statement-breakpoint
ALTER TABLE `stations` ADD `alert_zh` text;--> statement-breakpoint
ALTER TABLE `stations` ADD `alert_en` text;--> statement-breakpoint
CREATE INDEX `stations_city` ON `stations` (`tenant_id`,`city_id`,`id`);--> statement-breakpoint
CREATE INDEX `stations_tenant` ON `stations` (`tenant_id`,`id`);