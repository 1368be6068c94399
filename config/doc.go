// Package config reads the bot's settings from the environment, in one place,
// and checks them before anything starts.
package config
