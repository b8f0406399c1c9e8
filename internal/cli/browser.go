package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"numbrowse/ui"
)

// noKeyMessage is what the browser shows when it has no API key and no demo.
const noKeyMessage = "IDENTITYCALL_API_KEY is not set — export it, or start with --demo"

// baseOptions are the browser options that come from the settings alone,
// for a terminal whose environment is env (the local one, or what an SSH
// client sent).
func (a *app) baseOptions(km ui.KeyMap, env envFunc) ui.Options {
	return ui.Options{
		Country: a.set.Country,
		Type:    a.set.Type,
		Demo:    a.set.Demo,
		Keys:    km,
		Mouse:   a.set.Mouse,
		ASCII:   a.set.ASCII || !utf8Locale(env),
		NoColor: env("NO_COLOR") != "",
		Theme:   a.set.Theme,
	}
}

// purchaser is the app's client when buying is allowed: not read-only, and
// only a non-nil client (a nil *api.Client in the interface would not read
// as "no purchaser").
func (a *app) purchaser() ui.Purchaser {
	if a.set.ReadOnly || a.client == nil {
		return nil
	}
	return a.client
}

// browserOptions builds the local browser's options from the settings.
func (a *app) browserOptions(ctx context.Context) (ui.Options, error) {
	km, err := a.keyMap()
	if err != nil {
		return ui.Options{}, err
	}
	o := a.baseOptions(km, a.env)
	o.StateDir = stateDir(a.env)
	o.TmuxClipboard = a.env("TMUX") != ""
	o.Context = ctx
	o.Now = time.Now
	if a.requireKey() != nil {
		o.Setup = noKeyMessage
		return o, nil
	}
	if err := a.connect(); err != nil {
		return o, err
	}
	o.Inventory = a.inv
	o.Purchaser = a.purchaser()
	return o, nil
}

// runBrowser runs the terminal UI until the user quits.
func (a *app) runBrowser(ctx context.Context) error {
	o, err := a.browserOptions(ctx)
	if err != nil {
		return err
	}
	return a.runProgram(ctx, ui.New(o), o.NoColor)
}

// runProgram runs m on the terminal until it quits, the context ends
// (SIGINT, SIGTERM) or it panics; Bubble Tea restores the terminal on each
// of these paths.
func (a *app) runProgram(ctx context.Context, m tea.Model, noColor bool) error {
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(a.io.out)}
	if f, ok := a.io.in.(*os.File); !ok || f != os.Stdin {
		popts = append(popts, tea.WithInput(a.io.in))
	}
	if noColor {
		// NO_COLOR means any non-empty value (no-color.org), which the
		// program's own detection does not follow for every value.
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	final, err := tea.NewProgram(m, popts...).Run()
	if m, ok := final.(ui.Model); ok {
		if n := m.PurchaseInFlight(); n != "" {
			fmt.Fprintf(a.io.err, "numbrowse: you quit while buying %s, before the answer came — it may have gone through; "+
				"check your numbers in the IdentityCall dashboard before buying it again\n", n)
		}
	}
	switch {
	case err == nil, errors.Is(err, tea.ErrInterrupted):
		return nil
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return nil // SIGINT or SIGTERM: a normal way to leave
	case errors.Is(err, tea.ErrProgramPanic):
		return errors.New("numbrowse hit an internal error and stopped; the terminal was restored — please report it")
	}
	return err
}

// stateDir is where the browser remembers things between runs:
// $XDG_STATE_HOME/numbrowse, or ~/.local/state/numbrowse.
func stateDir(env envFunc) string {
	return xdgPath(env, "XDG_STATE_HOME", filepath.Join(".local", "state"), "numbrowse")
}

// keyMap returns the build's default bindings with the user's [keys]
// applied. An unknown action, a bad key name or a clash is a configuration
// error.
func (a *app) keyMap() (ui.KeyMap, error) {
	km := a.build.Keys
	if len(a.set.Keys) == 0 {
		return km, nil
	}
	if err := km.Rebind(a.set.Keys); err != nil {
		return km, &configError{path: a.set.ConfigPath, msg: err.Error()}
	}
	return km, nil
}
