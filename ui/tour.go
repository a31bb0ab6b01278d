package ui

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
)

// Tour visits every screen, waits for it to draw, and saves what the
// window shows as dir/NN-screen.png; then it quits. The smoke test runs the
// real binary with it under Xvfb.
func (u *UI) Tour(dir string, settle time.Duration, done func(error)) {
	go func() {
		err := func() error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			time.Sleep(settle)
			for i, s := range u.screens {
				id := s.id
				fyne.DoAndWait(func() { u.Show(id) })
				time.Sleep(settle)
				var err error
				fyne.DoAndWait(func() {
					shot := u.Win.Canvas().Capture()
					var f *os.File
					if f, err = os.Create(filepath.Join(dir, fmt.Sprintf("%02d-%s.png", i+1, id))); err != nil {
						return
					}
					defer f.Close()
					err = png.Encode(f, shot)
				})
				if err != nil {
					return err
				}
			}
			return nil
		}()
		if done != nil {
			done(err)
		}
	}()
}
