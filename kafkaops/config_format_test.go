package kafkaops

import (
	"fmt"
	"strings"
	"testing"
)

// Printing a Config in any form never shows its secrets, and still shows
// the rest (so the output is of use in a log).
func TestConfigPrintsNoSecrets(t *testing.T) {
	cfg := Config{
		Brokers: []string{"kafka:9094"},
		SASL: SASLConfig{Mechanism: "SCRAM-SHA-512", Username: "alice", Password: "pw-s3cret-1",
			OAuth: OAuthConfig{TokenURL: "https://idp/token", ClientID: "kt", ClientSecret: "cs-s3cret-2", Token: "tok-s3cret-3"}},
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		for _, v := range []any{cfg, &cfg, cfg.SASL, cfg.SASL.OAuth, []Config{cfg}} {
			out := fmt.Sprintf(verb, v)
			for _, secret := range []string{"pw-s3cret-1", "cs-s3cret-2", "tok-s3cret-3", "s3cret"} {
				if strings.Contains(out, secret) {
					t.Errorf("%s of %T shows %q: %s", verb, v, secret, out)
				}
			}
		}
	}
	if out := fmt.Sprintf("%+v", cfg); !strings.Contains(out, "alice") || !strings.Contains(out, "https://idp/token") ||
		!strings.Contains(out, "Password:[redacted]") {
		t.Errorf("%%+v lost what is not secret: %s", out)
	}
	if out := fmt.Sprintf("%+v", SASLConfig{Mechanism: "PLAIN"}); !strings.Contains(out, "Password: ") {
		t.Errorf("an empty password should print empty: %s", out)
	}
}
