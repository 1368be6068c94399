// Package llm talks to an OpenAI-compatible server (OpenAI, Ollama, vLLM,
// llama.cpp) for embeddings and chat completions, through
// github.com/sashabaranov/go-openai, with the timeouts, retries and batching
// that library leaves to its callers.
package llm
