CREATE TABLE `roster_import_batches` (
	`import_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`row_offset` integer NOT NULL,
	`rows` integer NOT NULL,
	`rows_hash` text NOT NULL,
	`added` integer NOT NULL,
	`updated` integer NOT NULL,
	`skipped` integer NOT NULL,
	`refused` integer NOT NULL,
	`errors` text NOT NULL,
	`key_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`import_id`, `row_offset`),
	FOREIGN KEY (`import_id`) REFERENCES `roster_imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `roster_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`tag` text NOT NULL,
	`mode` text NOT NULL,
	`total` integer NOT NULL,
	`applied` integer DEFAULT 0 NOT NULL,
	`added` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`refused` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`town_id` text,
	`created_by_key_id` text NOT NULL,
	`user_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roster_imports_recent` ON `roster_imports` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `roster_imports_town_recent` ON `roster_imports` (`tenant_id`,`town_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `members` ADD `import_id` text;