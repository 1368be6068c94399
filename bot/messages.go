package bot

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"reportbot/lang"
)

//go:embed locales/*.toml
var locales embed.FS

// Messages holds the bot's UI strings in every language, from the message
// files in locales/. A string missing in Russian or Kazakh falls back to
// English.
type Messages struct {
	localizers map[lang.Language]*i18n.Localizer
}

// LoadMessages parses the embedded message files.
func LoadMessages() (*Messages, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(locales, "locales/*.toml")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if _, err := bundle.LoadMessageFileFS(locales, f); err != nil {
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
