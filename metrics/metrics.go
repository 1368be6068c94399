package metrics

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"reportbot/lang"
)

// Metrics holds the bot's collectors in a registry of its own.
type Metrics struct {
	reg          *prometheus.Registry
	questions    *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	llmRequests  *prometheus.CounterVec
	llmErrors    *prometheus.CounterVec
	telegramErrs *prometheus.CounterVec
	digestSends  *prometheus.CounterVec
	passages     prometheus.Gauge
}

// New registers the bot's metrics and the Go runtime's.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_questions_total", Help: "Questions answered, by language, mode (llm or extractive) and whether the report covered them.",
		}, []string{"lang", "mode", "found"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "reportbot_answer_seconds", Help: "Time from a question to its answer, by mode.",
			Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 20, 30},
		}, []string{"mode"}),
		llmRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_llm_requests_total", Help: "Requests to the OpenAI-compatible server, by kind (chat or embeddings).",
		}, []string{"kind"}),
		llmErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_llm_errors_total", Help: "Failed requests to the OpenAI-compatible server, by kind.",
		}, []string{"kind"}),
		telegramErrs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_telegram_errors_total", Help: "Bot API calls answered with an error, by method and HTTP code.",
		}, []string{"method", "code"}),
		digestSends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_digest_sends_total", Help: "Daily digests, by result (sent, unknown, unsubscribed, deferred, moved).",
		}, []string{"result"}),
		passages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "reportbot_index_passages", Help: "Passages in the loaded index, all languages.",
		}),
	}
	// Every series exists from the start, at zero, so that dashboards and
	// alerts see them before the first event.
	for _, l := range lang.All {
		for _, mode := range []string{"llm", "extractive"} {
			for _, f := range []string{"true", "false"} {
				m.questions.WithLabelValues(string(l), mode, f)
			}
		}
	}
	for _, mode := range []string{"llm", "extractive"} {
		m.latency.WithLabelValues(mode)
	}
	for _, k := range []string{"chat", "embeddings"} {
		m.llmRequests.WithLabelValues(k)
		m.llmErrors.WithLabelValues(k)
	}
	for _, r := range []string{"sent", "unknown", "unsubscribed", "moved", "deferred"} {
		m.digestSends.WithLabelValues(r)
	}
	m.reg.MustRegister(m.questions, m.latency, m.llmRequests, m.llmErrors, m.telegramErrs, m.digestSends, m.passages,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Question counts an answered question.
func (m *Metrics) Question(lang, mode string, found bool, took time.Duration) {
	f := "false"
	if found {
		f = "true"
	}
	m.questions.WithLabelValues(lang, mode, f).Inc()
	m.latency.WithLabelValues(mode).Observe(took.Seconds())
}

// LLMRequest counts a request to the model server and whether it failed.
func (m *Metrics) LLMRequest(kind string, err error) {
	m.llmRequests.WithLabelValues(kind).Inc()
	if err != nil {
		m.llmErrors.WithLabelValues(kind).Inc()
	}
}

// TelegramError counts a Bot API call answered with an error.
func (m *Metrics) TelegramError(method string, code int) {
	m.telegramErrs.WithLabelValues(method, strconv.Itoa(code)).Inc()
}

// DigestSend counts a digest by its result.
func (m *Metrics) DigestSend(result string) { m.digestSends.WithLabelValues(result).Inc() }

// Passages sets the size of the loaded index.
func (m *Metrics) Passages(n int) { m.passages.Set(float64(n)) }

// TelegramTransport counts the Bot API's error answers as they pass: the
// Bot API answers an error with the matching HTTP status. The method is the
// last element of the request path (the path also holds the token, which is
// never used).
type TelegramTransport struct {
	Base    http.RoundTripper
	Metrics *Metrics
}

// RoundTrip implements http.RoundTripper.
func (t TelegramTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.Base.RoundTrip(r)
	if err == nil && resp.StatusCode >= 400 {
		method := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
		t.Metrics.TelegramError(method, resp.StatusCode)
	}
	return resp, err
}
