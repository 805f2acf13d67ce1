// Package config reads kafkatui's configuration file (named clusters with
// their brokers, SASL and TLS settings, and defaults for the UI) and, when
// there is none, kaf's (~/.kaf/config), and turns a cluster into the
// kafkaops.Config that connects to it.
//
// Files are decoded through yaml.Node so that every unknown key and bad
// value is reported with the line it is on. Secrets (passwords, client
// secrets, tokens) are held in Secret, whose printed forms never show the
// value; they are resolved (environment variable read, command run) only
// for the cluster being connected to, when it is.
//
// It may import kafkaops, gopkg.in/yaml.v3 and the standard library, never
// the UI packages.
package config
