// Package llmtest runs a fake OpenAI-compatible server for tests: the real
// go-openai client talks to it over HTTP, so requests, batching, errors and
// retries are exercised as they would be against OpenAI, Ollama or vLLM.
package llmtest
