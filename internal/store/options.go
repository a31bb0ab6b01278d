package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"modernc.org/sqlite"
)

// Option changes how a ledger is opened (Open, Create).
type Option func(*config)

type config struct {
	queryDelay time.Duration
}

// WithQueryDelay makes every statement wait d before it runs, inside a
// transaction or not: a ledger on a slow disk, or a huge one, for the
// tests that check the GUI never waits for the ledger on its own
// goroutine. The wait sits under database/sql, on the driver's
// connections, so it reaches every query whatever path in the store
// issues it.
func WithQueryDelay(d time.Duration) Option { return func(c *config) { c.queryDelay = d } }

// openDB opens the database handle for path with the options.
func openDB(path string, opts []Option) (*sql.DB, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.queryDelay <= 0 {
		return sql.Open("sqlite", DSN(path))
	}
	base, err := sqlite.NewConnector(DSN(path))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return sql.OpenDB(slowConnector{Connector: base, delay: c.queryDelay}), nil
}

// slowConnector hands out connections whose statements wait first.
type slowConnector struct {
	driver.Connector
	delay time.Duration
}

// sqliteConn is what the SQLite driver's connections do that
// database/sql uses: a wrapper must forward each of them, or
// database/sql falls back to weaker paths (no read-only transactions).
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

func (c slowConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(sqliteConn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("query delay: the driver's connection is a %T", conn)
	}
	return &slowConn{sqliteConn: sc, delay: c.delay}, nil
}

// slowConn delays each statement (a prepared one once, when prepared).
type slowConn struct {
	sqliteConn
	delay time.Duration
}

func (c *slowConn) wait(ctx context.Context) error {
	t := time.NewTimer(c.delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *slowConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	return c.sqliteConn.QueryContext(ctx, query, args)
}

func (c *slowConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	return c.sqliteConn.ExecContext(ctx, query, args)
}

func (c *slowConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	return c.sqliteConn.PrepareContext(ctx, query)
}
