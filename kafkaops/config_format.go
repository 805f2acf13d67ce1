package kafkaops

import "fmt"

// redactedValue stands in for a secret in printed settings.
const redactedValue = "[redacted]"

func redactSet(s string) string {
	if s == "" {
		return ""
	}
	return redactedValue
}

// Format prints the SASL settings with the password, client secret and
// token replaced, whatever the verb (%v, %+v, %#v, %s): a Config in a log
// line, a test failure or an error must never carry a secret.
func (s SASLConfig) Format(f fmt.State, verb rune) {
	s.Password = redactSet(s.Password)
	type plain SASLConfig // without this method, so no recursion
	fmt.Fprintf(f, fmt.FormatString(f, verb), plain(s))
}

// Format prints the OAUTHBEARER settings with the client secret and the
// static token replaced, as SASLConfig's Format does.
func (o OAuthConfig) Format(f fmt.State, verb rune) {
	o.ClientSecret = redactSet(o.ClientSecret)
	o.Token = redactSet(o.Token)
	type plain OAuthConfig
	fmt.Fprintf(f, fmt.FormatString(f, verb), plain(o))
}
