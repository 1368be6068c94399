package telegramtest

import (
	"context"
	"net/http"
	"strings"

	"github.com/go-telegram/bot/models"
)

// maxDownload is the largest file a bot may download (getFile's limit).
const maxDownload = 20 << 20

// bytesPerSecond is the size of a second of a voice or video note the
// constructors make: about what Telegram's Opus voice notes weigh.
const bytesPerSecond = 4_000

// recording returns a recording's contents: a container header and
// padding, seconds long at bytesPerSecond.
func recording(header string, seconds int) []byte {
	b := make([]byte, max(len(header), seconds*bytesPerSecond))
	copy(b, header)
	return b
}

// recorded returns a new message from the user in chatID with a recording
// of this many seconds, kept for download under the file id it returns.
func (s *Server) recorded(chatID, userID int64, kind, header string, seconds int) (models.Message, string, []byte) {
	m := s.newMessage(chatID, userID)
	id := fileID(kind, m.ID)
	data := recording(header, seconds)
	s.mu.Lock()
	s.files[id] = data
	s.mu.Unlock()
	return m, id, data
}

// VideoNote returns a round video message of this many seconds from the
// user in chatID.
func (s *Server) VideoNote(chatID, userID int64, seconds int) models.Update {
	m, id, data := s.recorded(chatID, userID, "videonote", "\x00\x00\x00\x18ftypmp42", seconds)
	m.VideoNote = &models.VideoNote{FileID: id, FileUniqueID: id + "u", Length: 240, Duration: seconds, FileSize: len(data)}
	return models.Update{Message: &m}
}

// getFile answers with a path to download a file sent in a pushed message,
// as Telegram does for files up to 20 MB.
func (s *Server) getFile(_ context.Context, p map[string]string) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, ok := s.files[p["file_id"]]
	switch {
	case !ok:
		return nil, badRequest("invalid file_id")
	case len(data) > maxDownload:
		return nil, badRequest("file is too big")
	}
	id := p["file_id"]
	return models.File{FileID: id, FileUniqueID: id + "u", FileSize: int64(len(data)), FilePath: "files/" + id}, nil
}

// serveFile answers GET /file/bot<token>/files/<file id>.
func (s *Server) serveFile(w http.ResponseWriter, rest string) {
	token, path, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	data, ok := s.files[strings.TrimPrefix(path, "files/")]
	if ok && token == s.token {
		s.downloads++
	}
	s.mu.Unlock()
	if !ok || token != s.token {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
}

// Downloads returns how many files the bot downloaded.
func (s *Server) Downloads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.downloads
}
