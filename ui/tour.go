package ui

import (
	"fmt"
	"image/png"
	"os"
	"os/exec"
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
				name := filepath.Join(dir, fmt.Sprintf("%02d-%s.png", i+1, id))
				// What the X server shows (ImageMagick's import), which is
				// what the owner sees; the canvas's own capture otherwise.
				if imp, err := exec.LookPath("import"); err == nil && os.Getenv("DISPLAY") != "" {
					if out, err := exec.Command(imp, "-window", "root", name).CombinedOutput(); err != nil {
						return fmt.Errorf("import: %v: %s", err, out)
					}
					continue
				}
				var err error
				fyne.DoAndWait(func() {
					shot := u.Win.Canvas().Capture()
					var f *os.File
					if f, err = os.Create(name); err != nil {
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
