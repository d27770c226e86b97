CREATE TABLE `areas` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `questions` (
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`current` integer NOT NULL,
	`hash` text NOT NULL,
	`area_id` text NOT NULL,
	`topic_id` text NOT NULL,
	`level` text NOT NULL,
	`phase` text NOT NULL,
	`type` text NOT NULL,
	`stem_html` text NOT NULL,
	`code_html` text,
	`options` text NOT NULL,
	`unit` text,
	`key` text NOT NULL,
	`explanation_html` text NOT NULL,
	`references` text NOT NULL,
	`irt` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`id`, `version`)
);
--> statement-breakpoint
CREATE INDEX `questions_current` ON `questions` (`current`);--> statement-breakpoint
CREATE TABLE `responses` (
	`session_id` text NOT NULL,
	`position` integer NOT NULL,
	`question_id` text NOT NULL,
	`question_version` integer NOT NULL,
	`answer` text NOT NULL,
	`correct` integer NOT NULL,
	`presented_at` integer NOT NULL,
	`answered_at` integer NOT NULL,
	`idempotency_key` text,
	PRIMARY KEY(`session_id`, `position`),
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responses_session_question` ON `responses` (`session_id`,`question_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`mode` text NOT NULL,
	`form` text NOT NULL,
	`status` text NOT NULL,
	`areas` text NOT NULL,
	`topics` text NOT NULL,
	`length` integer NOT NULL,
	`experience_years` real,
	`seed` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`question_id` text,
	`question_version` integer,
	`presented_at` integer,
	`deadline` integer,
	`target_level` text,
	`stop_reason` text,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `topics` (
	`id` text PRIMARY KEY NOT NULL,
	`area_id` text NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
