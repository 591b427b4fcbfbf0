-- Branch text search without reading the tenant's branch table. Written by hand:
-- drizzle-kit cannot express WITHOUT ROWID tables, views over json_each or triggers.
--
-- Every distinct 1- and 2-character substring (gram) of a branch's lower-cased search_text is
-- a posting keyed (tenant, gram, city, branch): a query seeks one gram of its own text and reads
-- that gram's branches already in the API's (city_id, id) order, so a page costs about a page
-- of rows whatever the number of matches. An FTS5 index cannot do that: it yields matches in
-- rowid order, and sorting them into (city_id, id) order reads every match.
-- lower() folds ASCII only, as LIKE does, so the postings hold every branch LIKE would match.
-- A later migration that rebuilds `branches` (drizzle-kit's copy, drop and rename) drops these
-- triggers with the old table: it must create them again.
CREATE TABLE `branch_text_grams` (
	`tenant_id` text NOT NULL,
	`gram` text NOT NULL,
	`city_id` text NOT NULL,
	`branch_id` text NOT NULL,
	PRIMARY KEY (`tenant_id`, `gram`, `city_id`, `branch_id`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Branches per 2-character gram: a longer query seeks its rarest bigram.
CREATE TABLE `branch_text_gram_counts` (
	`tenant_id` text NOT NULL,
	`gram` text NOT NULL,
	`branches` integer NOT NULL,
	PRIMARY KEY (`tenant_id`, `gram`)
) WITHOUT ROWID;
--> statement-breakpoint
-- The grams of each branch (json_each over a list as long as the text numbers its positions;
-- statements in triggers cannot use WITH). Queried by branch_id, it reads that branch only.
CREATE VIEW `branch_text_gram_source` AS
	SELECT DISTINCT b.tenant_id, b.city_id, b.id AS branch_id, substr(lower(b.search_text), p.key + 1, n.value) AS gram
	FROM branches b,
		json_each('[' || rtrim(replace(hex(zeroblob(length(b.search_text))), '00', '0,'), ',') || ']') p,
		json_each('[1,2]') n
	WHERE p.key + n.value <= length(b.search_text);
--> statement-breakpoint
INSERT INTO branch_text_grams (tenant_id, gram, city_id, branch_id)
	SELECT tenant_id, gram, city_id, branch_id FROM branch_text_gram_source;
--> statement-breakpoint
INSERT INTO branch_text_gram_counts (tenant_id, gram, branches)
	SELECT tenant_id, gram, count(*) FROM branch_text_grams WHERE length(gram) = 2 GROUP BY tenant_id, gram;
--> statement-breakpoint
-- The triggers keep both tables in step with every write to branches, whichever code makes it.
-- Updates that leave the text, city, tenant and id alone (member counts) touch nothing here.
CREATE TRIGGER `branches_text_grams_insert` AFTER INSERT ON `branches` BEGIN
	INSERT INTO branch_text_grams (tenant_id, gram, city_id, branch_id)
		SELECT tenant_id, gram, city_id, branch_id FROM branch_text_gram_source WHERE branch_id = new.id;
	INSERT INTO branch_text_gram_counts (tenant_id, gram, branches)
		SELECT tenant_id, gram, 1 FROM branch_text_gram_source WHERE branch_id = new.id AND length(gram) = 2
		ON CONFLICT (tenant_id, gram) DO UPDATE SET branches = branches + 1;
END;
--> statement-breakpoint
-- BEFORE: the view still reads the old row.
CREATE TRIGGER `branches_text_grams_delete` BEFORE DELETE ON `branches` BEGIN
	UPDATE branch_text_gram_counts SET branches = branches - 1
		WHERE tenant_id = old.tenant_id AND gram IN (SELECT gram FROM branch_text_gram_source WHERE branch_id = old.id AND length(gram) = 2);
	DELETE FROM branch_text_grams
		WHERE tenant_id = old.tenant_id AND city_id = old.city_id AND branch_id = old.id
			AND gram IN (SELECT gram FROM branch_text_gram_source WHERE branch_id = old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `branches_text_grams_update_old` BEFORE UPDATE OF `search_text`, `city_id`, `tenant_id`, `id` ON `branches`
	WHEN old.search_text IS NOT new.search_text OR old.city_id IS NOT new.city_id OR old.tenant_id IS NOT new.tenant_id OR old.id IS NOT new.id
BEGIN
	UPDATE branch_text_gram_counts SET branches = branches - 1
		WHERE tenant_id = old.tenant_id AND gram IN (SELECT gram FROM branch_text_gram_source WHERE branch_id = old.id AND length(gram) = 2);
	DELETE FROM branch_text_grams
		WHERE tenant_id = old.tenant_id AND city_id = old.city_id AND branch_id = old.id
			AND gram IN (SELECT gram FROM branch_text_gram_source WHERE branch_id = old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `branches_text_grams_update_new` AFTER UPDATE OF `search_text`, `city_id`, `tenant_id`, `id` ON `branches`
	WHEN old.search_text IS NOT new.search_text OR old.city_id IS NOT new.city_id OR old.tenant_id IS NOT new.tenant_id OR old.id IS NOT new.id
BEGIN
	INSERT INTO branch_text_grams (tenant_id, gram, city_id, branch_id)
		SELECT tenant_id, gram, city_id, branch_id FROM branch_text_gram_source WHERE branch_id = new.id;
	INSERT INTO branch_text_gram_counts (tenant_id, gram, branches)
		SELECT tenant_id, gram, 1 FROM branch_text_gram_source WHERE branch_id = new.id AND length(gram) = 2
		ON CONFLICT (tenant_id, gram) DO UPDATE SET branches = branches + 1;
END;
