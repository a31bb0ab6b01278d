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

	// texts makes a page's cell texts, cut to their columns, on the
	// background goroutine that read the page: measuring text is what
	// made a jump cost more than a frame on the UI goroutine (cellFitter).
	texts func([]store.InvoiceLine) [][]string
}

const pageSize = 100

func newInvoiceModel(svc *app.Service, bg *sync.WaitGroup, onChange func()) *invoiceModel {
	return &invoiceModel{svc: svc, bg: bg, onChange: onChange, pages: map[int][]store.InvoiceLine{}, shown: map[int][][]string{}, loading: map[int]bool{},
		texts: func([]store.InvoiceLine) [][]string { return nil }}
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
		shown := m.texts(rows)
		m.mu.Lock()
		if gen != m.gen {
			m.mu.Unlock()
			return
		}
		m.count, m.err = n, err
		m.pages[0], m.shown[0], m.loading[0] = rows, shown, false
		m.mu.Unlock()
		if wait != nil {
			close(wait)
		}
		m.onChange()
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
			texts = shown[i%pageSize]
		}
		return rows[i%pageSize], texts, true
	}
	if !m.loading[p] {
		m.loading[p] = true
		m.bg.Add(1)
		go func(gen int) {
			defer m.bg.Done()
			m.loadPage(gen, p)
		}(m.gen)
	}
	return store.InvoiceLine{}, nil, false
}

func (m *invoiceModel) loadPage(gen, p int) {
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
	shown := m.texts(rows)
	m.mu.Lock()
	if gen != m.gen {
		m.mu.Unlock()
		return
	}
	m.pages[p], m.shown[p], m.loading[p] = rows, shown, false
	if err != nil {
		m.err = err
	}
	m.mu.Unlock()
	m.onChange()
}
