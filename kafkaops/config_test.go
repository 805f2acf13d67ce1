package kafkaops

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/internal/testkafka/testtls"
)

func TestConfigValidate(t *testing.T) {
	certs := testtls.New(t)
	notPEM := filepath.Join(t.TempDir(), "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.pem")
	ok := []string{"127.0.0.1:9092"}

	cases := []struct {
		name string
		cfg  Config
		want string // substring of the error; empty means valid
	}{
		{"plain", Config{Brokers: ok}, ""},
		{"several brokers and names", Config{Brokers: []string{"kafka-1.internal:9092", "[::1]:9093"}}, ""},
		{"no brokers", Config{}, "no brokers given"},
		{"no port", Config{Brokers: []string{"localhost"}}, `broker address "localhost": want host:port`},
		{"empty port", Config{Brokers: []string{"localhost:"}}, `broker address "localhost:": want host:port`},
		{"one bad among good", Config{Brokers: []string{"a:1", "b"}}, `broker address "b"`},
		{"sasl plain", Config{Brokers: ok, SASL: SASLConfig{Mechanism: "plain", Username: "u", Password: "p"}}, ""},
		{"sasl scram", Config{Brokers: ok, SASL: SASLConfig{Mechanism: "SCRAM-SHA-512", Username: "u", Password: "p"}}, ""},
		{"unknown mechanism", Config{Brokers: ok, SASL: SASLConfig{Mechanism: "GSSAPI"}}, `sasl mechanism "GSSAPI" not supported`},
		{"tls with CA", Config{Brokers: ok, TLS: TLSConfig{CAFile: certs.CAFile}}, ""},
		{"mtls", Config{Brokers: ok, TLS: TLSConfig{CAFile: certs.CAFile, CertFile: certs.ClientCertFile, KeyFile: certs.ClientKeyFile}}, ""},
		{"cert without key", Config{Brokers: ok, TLS: TLSConfig{CertFile: certs.ClientCertFile}}, "needs both a cert file and a key file"},
		{"key without cert", Config{Brokers: ok, TLS: TLSConfig{KeyFile: certs.ClientKeyFile}}, "needs both a cert file and a key file"},
		{"cert and wrong key", Config{Brokers: ok, TLS: TLSConfig{CertFile: certs.ClientCertFile, KeyFile: certs.ServerKeyFile}}, "tls client certificate"},
		{"unreadable CA", Config{Brokers: ok, TLS: TLSConfig{CAFile: missing}}, "tls ca file"},
		{"CA not PEM", Config{Brokers: ok, TLS: TLSConfig{CAFile: notPEM}}, "no PEM certificates found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				c, err := Open(tc.cfg)
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				c.Close()
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error containing %q", err, tc.want)
			}
			if _, err := Open(tc.cfg); err == nil {
				t.Fatalf("Open accepted what Validate refuses")
			}
		})
	}
}

func TestConfigValidateNamesMissingCAFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "ca.pem")
	err := Config{Brokers: []string{"h:1"}, TLS: TLSConfig{CAFile: missing}}.Validate()
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("Validate = %v, want the path %s in the message", err, missing)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Validate = %v, want it to wrap the not-exist error", err)
	}
}
