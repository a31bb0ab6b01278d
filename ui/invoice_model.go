package ui

import (
	"context"
	"sync"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/store"
)

// invoiceModel feeds the invoice table without ever querying inside a
// row's update: the table asks for row i; a row not yet read shows as
// loading and its page (pageSize rows) is read in the background, then the
// table is refreshed. Opening a view reads a count and its first page at
// once, then the whole sorted id list (8 bytes an invoice) in the
// background; pages then come from the ids.
type invoiceModel struct {
	svc      *app.Service
	bg       *sync.WaitGroup // the UI's background work
	onChange func()          // called from a background goroutine: the UI wraps it in fyne.Do

	mu      sync.Mutex
	gen     int // bumped on every new view: late answers for an old one are dropped
	filter  store.InvoiceFilter
	count   int
	ids     []int64 // nil until loaded
	pages   map[int][]store.InvoiceLine
	shown   map[int][][]string // each page's cell texts, made with it (texts)
	loading map[int]bool
	err     error

	// texts makes a row's cell texts, cut to their columns, on the
	// background goroutine that read its page: measuring text is what
	// made a jump cost more than a frame on the UI goroutine (cellFitter).
	texts func(store.InvoiceLine) []string
}

const pageSize = 100

func newInvoiceModel(svc *app.Service, bg *sync.WaitGroup, onChange func()) *invoiceModel {
	return &invoiceModel{svc: svc, bg: bg, onChange: onChange, pages: map[int][]store.InvoiceLine{}, shown: map[int][][]string{}, loading: map[int]bool{},
		texts: func(store.InvoiceLine) []string { return nil }}
}

// open starts a new view; wait, when set, is closed once the first page
// is in (tests and the open-time measurement).
func (m *invoiceModel) open(f store.InvoiceFilter, wait chan struct{}) {
	m.mu.Lock()
	m.gen++
	gen := m.gen
	m.filter, m.count, m.ids, m.err = f, -1, nil, nil
	m.pages, m.shown, m.loading = map[int][]store.InvoiceLine{}, map[int][][]string{}, map[int]bool{0: true}
	m.mu.Unlock()
	m.bg.Add(1)
	go func() {
		defer m.bg.Done()
		ctx := context.Background()
		n, err := m.svc.CountInvoices(ctx, f)
		first := f
		first.Limit, first.Offset = pageSize, 0
		var rows []store.InvoiceLine
		if err == nil {
			rows, err = m.svc.InvoiceLines(ctx, first)
		}
		m.mu.Lock()
		if gen != m.gen {
			m.mu.Unlock()
			return
		}
		m.count, m.err = n, err
		m.mu.Unlock()
		if !m.fill(gen, 0, rows, 0, wait) {
			return
		}
		ids, err := m.svc.InvoiceIDs(ctx, f, f.Order, f.Desc)
		m.mu.Lock()
		if gen == m.gen {
			m.ids = ids
			if err != nil {
				m.err = err
			}
		}
		m.mu.Unlock()
	}()
}

// failed is the first error a read of the view met (nil: none).
func (m *invoiceModel) failed() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.err
}

// rows is how many rows the view has (0 while counting).
func (m *invoiceModel) rows() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return max(m.count, 0)
}

// row gives row i if it has been read; otherwise it asks for its page.
func (m *invoiceModel) row(i int) (store.InvoiceLine, bool) {
	l, _, ok := m.rowTexts(i)
	return l, ok
}

// rowTexts is row with its cell texts (nil when the model makes none).
func (m *invoiceModel) rowTexts(i int) (store.InvoiceLine, []string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := i / pageSize
	if rows, ok := m.pages[p]; ok && i%pageSize < len(rows) {
		var texts []string
		if shown := m.shown[p]; i%pageSize < len(shown) {
			texts = shown[i%pageSize] // nil until made
		}
		return rows[i%pageSize], texts, true
	}
	if !m.loading[p] {
		m.loading[p] = true
		m.bg.Add(1)
		go func(gen int) {
			defer m.bg.Done()
			m.loadPage(gen, p, i%pageSize)
		}(m.gen)
	}
	return store.InvoiceLine{}, nil, false
}

// loadPage reads page p; want is the row of it asked for first (the
// topmost shown: the table fills its cells top down).
func (m *invoiceModel) loadPage(gen, p, want int) {
	ctx := context.Background()
	m.mu.Lock()
	f, ids := m.filter, m.ids
	m.mu.Unlock()
	var rows []store.InvoiceLine
	var err error
	if ids != nil {
		lo, hi := min(p*pageSize, len(ids)), min((p+1)*pageSize, len(ids))
		rows, err = m.svc.InvoicesByID(ctx, ids[lo:hi], f.AsOf)
	} else {
		f.Limit, f.Offset = pageSize, p*pageSize
		rows, err = m.svc.InvoiceLines(ctx, f)
	}
	if err != nil {
		m.mu.Lock()
		if gen == m.gen {
			m.err = err
		}
		m.mu.Unlock()
	}
	m.fill(gen, p, rows, want, nil)
}

// firstTexts is how many rows from the first one asked for get their texts
// before the page is shown: a screenful at 720 px and some (measuring a
// row's texts takes about 0.6 ms; the whole page would keep the table
// showing "…" for 60 ms after a jump).
const firstTexts = 24

// fill makes page p's texts, the rows from want on first, and puts the
// page in the model (then wait, when set, is closed) after those and again
// after the rest. It reports whether the view is still gen.
func (m *invoiceModel) fill(gen, p int, rows []store.InvoiceLine, want int, wait chan struct{}) bool {
	shown := make([][]string, len(rows))
	lo, hi := min(want, len(rows)), min(want+firstTexts, len(rows))
	for i := lo; i < hi; i++ {
		shown[i] = m.texts(rows[i])
	}
	m.mu.Lock()
	if gen != m.gen {
		m.mu.Unlock()
		return false
	}
	m.pages[p], m.shown[p], m.loading[p] = rows, shown, false
	m.mu.Unlock()
	if wait != nil {
		close(wait)
	}
	m.onChange()
	if lo == 0 && hi == len(rows) {
		return true
	}
	rest := make([][]string, len(rows))
	for i := range rows {
		if i < lo || i >= hi {
			rest[i] = m.texts(rows[i])
		}
	}
	m.mu.Lock()
	if gen != m.gen {
		m.mu.Unlock()
		return false
	}
	for i, t := range rest {
		if t != nil {
			shown[i] = t
		}
	}
	m.mu.Unlock()
	m.onChange()
	return true
}
