package discover

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/relance-app/relance/internal/i18n"
)

// The snapshot: ispdb/*.xml, unmodified files of thunderbird/autoconfig
// (ispdb/NOTICE.md, ispdb/SOURCE.txt; scripts/refresh-ispdb). Kept as they
// are rather than compressed: 254 KB, 39 KB gzipped, against a binary of
// tens of MB, and a refresh's diff stays readable.
//
//go:embed ispdb/*.xml ispdb/SOURCE.txt
var ispdbFiles embed.FS

type ispdbIndex struct {
	byDomain map[string]*provider
	count    int
	source   string // SOURCE.txt's commit line
}

var (
	ispdbOnce sync.Once
	ispdb     *ispdbIndex
	ispdbErr  error
)

// loadISPDB parses the snapshot once, on first use (about 163 files: see
// the benchmark).
func loadISPDB() (*ispdbIndex, error) {
	ispdbOnce.Do(func() { ispdb, ispdbErr = parseISPDB(ispdbFiles) })
	return ispdb, ispdbErr
}

func parseISPDB(fsys fs.FS) (*ispdbIndex, error) {
	names, err := fs.Glob(fsys, "ispdb/*.xml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	idx := &ispdbIndex{byDomain: map[string]*provider{}}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ps, err := parseConfig(data)
		if err != nil {
			return nil, fmt.Errorf("ISPDB snapshot %s: %w", name, err)
		}
		for i := range ps {
			p := &ps[i]
			p.file = path.Base(name)
			idx.count++
			for _, d := range p.domains {
				// The first file (by name) to claim a domain keeps it.
				if _, taken := idx.byDomain[d]; !taken {
					idx.byDomain[d] = p
				}
			}
		}
	}
	if src, err := fs.ReadFile(fsys, "ispdb/SOURCE.txt"); err == nil {
		for _, line := range strings.Split(string(src), "\n") {
			if c, ok := strings.CutPrefix(line, "commit "); ok {
				idx.source = strings.TrimSpace(c)
			}
		}
	}
	return idx, nil
}

// lookup finds domain's provider in the snapshot.
func (idx *ispdbIndex) lookup(domain string) *provider {
	return idx.byDomain[strings.ToLower(domain)]
}

// SnapshotCommit is the thunderbird/autoconfig commit the embedded ISPDB
// was taken from.
func SnapshotCommit() string {
	idx, err := loadISPDB()
	if err != nil {
		return ""
	}
	return idx.source
}

// fromISPDB is step 1: the address's domain in the snapshot. It never
// touches the network.
func fromISPDB(_ context.Context, r *Result, _ Options) (bool, i18n.Msg) {
	r.Source = "ISPDB " + r.Domain
	idx, err := loadISPDB()
	if err != nil {
		return false, i18n.M("discover.failed", err.Error())
	}
	p := idx.lookup(r.Domain)
	if p == nil {
		return false, i18n.M("discover.not_in_ispdb", r.Domain)
	}
	if !p.smtp.Found() {
		return false, i18n.M("discover.no_smtp_in_file", p.file)
	}
	p.apply(r)
	r.Source = "ISPDB " + p.file
	return true, i18n.Msg{}
}
