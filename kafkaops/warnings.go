package kafkaops

import (
	"net"
	"net/url"
	"strings"
)

// Insecure reports whether broker certificates go unchecked (TLS with
// skip-verify): anyone on the path can then read and change the traffic,
// credentials included. The UI marks such a connection in its header.
func (c Config) Insecure() bool { return c.TLS.on() && c.TLS.InsecureSkipVerify }

// Warnings lists, as sentences, the settings that expose the connection or
// a secret and that the user should see each time they connect. It is empty
// for a sound configuration.
func (c Config) Warnings() []string {
	var w []string
	if c.Insecure() {
		w = append(w, "TLS certificate verification is off (insecure skip-verify): the brokers' identity is not checked")
	}
	if strings.EqualFold(strings.TrimSpace(c.SASL.Mechanism), "PLAIN") && !c.TLS.on() && !allLoopback(c.Brokers) {
		w = append(w, "SASL PLAIN without TLS: the password crosses the network unencrypted")
	}
	if u, err := url.Parse(c.SASL.OAuth.TokenURL); err == nil && u.Scheme == "http" && !isLoopback(u.Hostname()) &&
		strings.EqualFold(strings.TrimSpace(c.SASL.Mechanism), oauthName) {
		w = append(w, "the OAUTHBEARER token endpoint is plain HTTP: the client secret and tokens cross the network unencrypted")
	}
	return w
}

func allLoopback(brokers []string) bool {
	for _, b := range brokers {
		host, _, err := net.SplitHostPort(b)
		if err != nil || !isLoopback(host) {
			return false
		}
	}
	return len(brokers) > 0
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redact hides secret in s. An empty secret hides nothing.
func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "[redacted]")
}
