// Package storetest gives tests a PostgreSQL database of their own, from
// the server TEST_DATABASE_URL names; .ci/run starts one. Without it, the
// tests that need PostgreSQL skip, saying how to run them.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
)

// Skip is what a test says when there is no PostgreSQL to run against.
const Skip = "no PostgreSQL: set TEST_DATABASE_URL (eval \"$(.ci/postgres.sh start)\" starts a throwaway one) to run this test"

// URL returns the address of an empty schema of its own on the test
// server, dropped when the test ends: tests run side by side without
// seeing each other's rows. It skips the test without TEST_DATABASE_URL.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		t.Skip(Skip)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
