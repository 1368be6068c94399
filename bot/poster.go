package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"reportbot/locale"
	"reportbot/rag"
)

// poster is what every message of the bot goes out through, answers and
// digests alike: the Bot API client, the retries and fallbacks (see
// sendParts), the texts, and what the index says of a source.
type poster struct {
	cfg      Config
	tg       *tgbot.Bot
	report   report
	msgs     *locale.Messages
	username string
	hash     hasher
	log      *slog.Logger
	// sends are the digest sends in flight, which /forget stops.
	sends *digestSends
	// marks are the forget marks of a database other processes share: a
	// chat forgotten through another machine gets no digest either (nil
	// with one process).
	marks ForgetMarks
}

// ForgetMarks tells when a chat was last forgotten with /forget, through
// any machine that shares the database (see store.Store.ForgottenAt).
type ForgetMarks interface {
	ForgottenAt(ctx context.Context, chat int64) (time.Time, bool, error)
}

// named reports whether the corpus has several reports, so that every
// source says which it is from.
func (b *poster) named() bool { return len(b.report.Reports()) > 1 }

// newPoster checks the token (without calling the Bot API), keys the id
// hashes with cfg.Salt or a random salt, and loads the texts.
func newPoster(cfg Config, r report) (poster, error) {
	if strings.TrimSpace(cfg.Token) == "" {
		return poster{}, errors.New("no bot token: set TELEGRAM_BOT_TOKEN to the token BotFather gave you")
	}
	if len(cfg.Salt) == 0 {
		cfg.Salt = randomBytes(32)
	}
	msgs, err := locale.Load()
	if err != nil {
		return poster{}, err
	}
	return poster{
		cfg: cfg, report: r, msgs: msgs, hash: hasher{salt: cfg.Salt},
		log: slog.New(slog.DiscardHandler), sends: newDigestSends(),
	}, nil
}

// dial makes the Bot API client, without calling it.
func (p *poster) dial(opts ...tgbot.Option) error {
	opts = append([]tgbot.Option{tgbot.WithSkipGetMe()}, opts...)
	if p.cfg.APIURL != "" {
		opts = append(opts, tgbot.WithServerURL(strings.TrimRight(p.cfg.APIURL, "/")))
	}
	tg, err := tgbot.New(p.cfg.Token, opts...)
	if err != nil {
		return errors.New(redact(err.Error(), p.cfg.Token))
	}
	p.tg = tg
	return nil
}

// introduce learns the bot's username (getMe), which share links need. A
// Bot API that is briefly down is waited for, with backoff; a refused token
// is not.
func (p *poster) introduce(ctx context.Context) error {
	var me *models.User
	err := p.retry(ctx, func() error {
		var err error
		me, err = p.tg.GetMe(ctx)
		return err
	})
	if err != nil {
		if errors.Is(err, tgbot.ErrorUnauthorized) || errors.Is(err, tgbot.ErrorNotFound) {
			return errors.New("the Bot API refused the token: check TELEGRAM_BOT_TOKEN")
		}
		return fmt.Errorf("cannot reach the Bot API: %s", redact(err.Error(), p.cfg.Token))
	}
	p.username = me.Username
	return nil
}

// Sender posts the daily digest's excerpts (it is a digest.Sender) as the
// bot does, without the rest of the bot: no updates taken, no handlers.
// It is what sends the digest from a scheduler (`reportbot digest`).
type Sender struct {
	poster
}

// NewSender connects to the Bot API (getMe) as the bot of cfg.Token and
// returns a Sender that quotes ix. A nil logger logs nothing.
//
// marks, when not nil, are the forget marks of a database several
// machines share: a chat forgotten through any of them in the last ten
// minutes gets no digest.
func NewSender(ctx context.Context, cfg Config, ix *rag.Index, log *slog.Logger, marks ForgetMarks) (*Sender, error) {
	p, err := newPoster(cfg, ix)
	if err != nil {
		return nil, err
	}
	p.marks = marks
	s := &Sender{p}
	if log != nil {
		s.log = log
	}
	if err := s.dial(tgbot.WithHTTPClient(time.Minute, &http.Client{Timeout: time.Minute})); err != nil {
		return nil, err
	}
	if err := s.introduce(ctx); err != nil {
		return nil, err
	}
	return s, nil
}
