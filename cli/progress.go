package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// progress reports embedding progress: a bar redrawn in place on a
// terminal, and a plain line at every tenth otherwise, so that logs and CI
// output stay readable.
func progress(w io.Writer) func(done, total int) {
	f, ok := w.(*os.File)
	tty := ok && term.IsTerminal(int(f.Fd()))
	lastTenth := -1
	return func(done, total int) {
		if total <= 0 {
			return
		}
		if tty {
			const width = 30
			n := done * width / total
			fmt.Fprintf(w, "\rembedding passages [%s%s] %d/%d", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total)
			if done == total {
				fmt.Fprintln(w)
			}
			return
		}
		if tenth := done * 10 / total; tenth != lastTenth {
			lastTenth = tenth
			fmt.Fprintf(w, "embedded %d of %d passages\n", done, total)
		}
	}
}
