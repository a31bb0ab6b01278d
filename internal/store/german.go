package store

import (
	"context"
	"fmt"
	"strings"
)

// Migration 0017's Go half: the language CHECKs accept German.

// Written in 0001 for the customers and company tables.
const (
	languagesBefore = `language IN ('fr', 'en', 'sr-Cyrl', 'sr-Latn')`
	languagesAfter  = `language IN ('fr', 'en', 'de', 'sr-Cyrl', 'sr-Latn')`
)

// acceptGerman widens the two CHECKs in the stored schema. A CHECK that
// accepts more values changes nothing on disk, the case SQLite's ALTER
// TABLE documentation allows for writable_schema (its "other kinds of
// table schema changes"); schema_version is raised so that every
// connection reads the schema again. The rows already stored all pass the
// wider CHECK.
func acceptGerman(ctx context.Context, q *Queries) error {
	var version int64
	if err := q.row(ctx, `PRAGMA schema_version`).Scan(&version); err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if _, err := q.exec(ctx, `PRAGMA writable_schema = ON`); err != nil {
		return fmt.Errorf("open the schema: %w", err)
	}
	res, err := q.exec(ctx, `UPDATE sqlite_schema SET sql = replace(sql, ?, ?)
		WHERE type = 'table' AND name IN ('customers', 'company') AND instr(sql, ?) > 0`,
		languagesBefore, languagesAfter, languagesBefore)
	if err == nil {
		_, err = q.exec(ctx, fmt.Sprintf(`PRAGMA schema_version = %d`, version+1))
	}
	if _, offErr := q.exec(ctx, `PRAGMA writable_schema = OFF`); err == nil {
		err = offErr
	}
	if err != nil {
		return fmt.Errorf("accept German in the language checks: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		return fmt.Errorf("accept German in the language checks: %d of the 2 tables had the check of 0001", n)
	}
	var sqlText string
	if err := q.row(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'customers'`).Scan(&sqlText); err != nil {
		return fmt.Errorf("read the customers table back: %w", err)
	}
	if !strings.Contains(sqlText, languagesAfter) {
		return fmt.Errorf("accept German in the language checks: the customers table still reads %q", sqlText)
	}
	return nil
}
