package locale

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"reportbot/lang"
)

//go:embed *.toml
var files embed.FS

// Messages holds every string a user reads, in every language, from the
// message files beside this one (en.toml, ru.toml, kk.toml): the bot's
// replies and buttons, the engine's answers that are not quotes, and what
// the command line prints around them. A string missing in Russian or
// Kazakh falls back to English.
type Messages struct {
	localizers map[lang.Language]*i18n.Localizer
}

// Load parses the embedded message files.
func Load() (*Messages, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, err := fs.Glob(files, "*.toml")
	if err != nil {
		return nil, err
	}
	for _, f := range names {
		if _, err := bundle.LoadMessageFileFS(files, f); err != nil {
			return nil, fmt.Errorf("load %s: %w", f, err)
		}
	}
	m := &Messages{localizers: map[lang.Language]*i18n.Localizer{}}
	for _, l := range lang.All {
		m.localizers[l] = i18n.NewLocalizer(bundle, string(l), "en")
	}
	return m, nil
}

// T returns the message key in language l, filled with data. A missing key
// returns the key itself, so that a mistake shows instead of an empty reply.
func (m *Messages) T(l lang.Language, key string, data map[string]any) string {
	loc, ok := m.localizers[l]
	if !ok {
		loc = m.localizers[lang.English]
	}
	s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: data})
	if err != nil {
		return key
	}
	return s
}
