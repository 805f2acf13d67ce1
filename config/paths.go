package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Location says which configuration file to read and where kafkatui's own
// file is (where `config use` and `config import-kaf` write).
type Location struct {
	// Path is the file to read; empty when there is none.
	Path string
	// Format is Path's format: kaf's when kafkatui has no file of its own
	// but ~/.kaf/config exists.
	Format Format
	// Own is kafkatui's file: --config, or the default location. Empty
	// when neither XDG_CONFIG_HOME nor HOME is known.
	Own string
	// Explicit is set when the file was named (--config, KAFKATUI_CONFIG).
	Explicit bool
}

// Locate finds the configuration file. explicit is --config (or
// KAFKATUI_CONFIG) and must then exist unless mayBeMissing. Otherwise it is
// $XDG_CONFIG_HOME/kafkatui/config.yaml, or ~/.config/kafkatui/config.yaml,
// and failing both ~/.kaf/config.
func Locate(explicit string, getenv func(string) string, mayBeMissing bool) (Location, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	home := getenv("HOME")
	if explicit != "" {
		p, err := expandHome(explicit, home)
		if err != nil {
			return Location{}, fmt.Errorf("--config %s: %w", explicit, err)
		}
		loc := Location{Path: p, Own: p, Explicit: true}
		if !mayBeMissing {
			if err := mustBeFile(p); err != nil {
				return Location{}, err
			}
		}
		return loc, nil
	}
	var loc Location
	// XDG says a relative XDG_CONFIG_HOME is invalid and to be ignored.
	if xdg := getenv("XDG_CONFIG_HOME"); xdg != "" && filepath.IsAbs(xdg) {
		loc.Own = filepath.Join(xdg, "kafkatui", "config.yaml")
	} else if home != "" {
		loc.Own = filepath.Join(home, ".config", "kafkatui", "config.yaml")
	}
	if loc.Own != "" && exists(loc.Own) {
		loc.Path = loc.Own
		return loc, nil
	}
	if kaf := KafPath(getenv); kaf != "" && exists(kaf) {
		loc.Path, loc.Format = kaf, FormatKaf
	}
	return loc, nil
}

// KafPath is kaf's configuration file, ~/.kaf/config; empty without HOME.
func KafPath(getenv func(string) string) string {
	home := ""
	if getenv != nil {
		home = getenv("HOME")
	}
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".kaf", "config")
}

// Load reads the located file, or returns nil when there is none.
func (l Location) Load(opts Options) (*File, error) {
	switch {
	case l.Path == "":
		return nil, nil
	case l.Format == FormatKaf:
		return LoadKaf(l.Path, opts)
	}
	return Load(l.Path, opts)
}

// exists reports whether p is there: a file that cannot be read still
// counts, so that reading it reports why instead of falling back to kaf's.
func exists(p string) bool {
	_, err := os.Stat(p)
	return !errors.Is(err, fs.ErrNotExist)
}

func mustBeFile(p string) error {
	st, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("config file %s does not exist", p)
	}
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	if st.IsDir() {
		return fmt.Errorf("config file %s is a directory", p)
	}
	return nil
}
