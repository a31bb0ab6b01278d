// Command relance is Relance's desktop app (Fyne). It only wires: the
// screens are in ui/, the work in internal/.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/ui"
)

func main() {
	db := flag.String("db", os.Getenv("RELANCE_DB"), "the ledger file")
	demo := flag.Bool("demo", false, "open the demo ledger (demo.db in the data folder, or --db), made on first use")
	lang := flag.String("lang", os.Getenv("RELANCE_LANG"), "fr, en, de, sr-Cyrl or sr-Latn (default: the system's)")
	tour := flag.String("tour", "", "visit every screen, save screenshots in this folder, and quit (smoke test)")
	flag.Parse()
	def, err := app.DefaultDBPath()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Without a ledger yet, Start opens the demo one (demo.db in the data
	// folder) and offers to start the owner's own.
	o := ui.StartOptions{DBPath: def, DemoPath: filepath.Join(filepath.Dir(def), "demo.db"), Demo: *demo}
	if *db != "" {
		o.DBPath = *db
		if *demo {
			o.DemoPath = *db
		}
	}
	a := fyneapp.NewWithID("app.relance.desktop")
	a.SetIcon(ui.Icon())
	if l, ok := i18n.Parse(*lang); ok && *lang != "" {
		o.Lang = l
	}
	o.UI.NoWatch = *tour != ""
	err = ui.Start(a, o, func(u *ui.UI) {
		// Test only (scripts/journey-gui.sh): what the window shows, as JSON.
		if p := os.Getenv("RELANCE_JOURNEY_LOG"); p != "" {
			u.JourneyLog(p, 250*time.Millisecond)
		}
		if *tour == "" {
			return
		}
		u.Tour(*tour, 1500*time.Millisecond, func(err error) {
			if err != nil {
				fmt.Fprintln(os.Stderr, "tour:", err)
				os.Exit(1)
			}
			fyne.Do(a.Quit)
		})
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	a.Run()
}
