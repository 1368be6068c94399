package telegramtest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"reportbot/bot/telegramtest"
)

// A go-telegram/bot client long-polls the fake server, which hands it a
// pushed message and records the reply.
func ExampleServer() {
	const token = "123456:EXAMPLE"
	srv := telegramtest.New(token)
	defer srv.Close()

	echo := func(ctx context.Context, b *bot.Bot, u *models.Update) {
		if u.Message == nil {
			return
		}
		b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "you said: " + u.Message.Text})
	}
	b, err := bot.New(token, bot.WithServerURL(srv.URL), bot.WithDefaultHandler(echo))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go b.Start(ctx)

	srv.Push(srv.PrivateText(42, "hello", "en"))
	calls, err := srv.WaitFor("sendMessage", 1, 5*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(calls[0].Params["chat_id"], calls[0].Params["text"])
	// Output: 42 you said: hello
}
