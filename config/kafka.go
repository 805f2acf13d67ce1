package config

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// DefaultPort is added to a broker given without a port, as librdkafka does.
const DefaultPort = "9092"

// hostRE is what a host name or IP address may hold (IPv6 zones included).
var hostRE = regexp.MustCompile(`^[A-Za-z0-9._:%-]+$`)

// BrokerAddr checks a bootstrap address and returns it as host:port,
// adding DefaultPort when there is none.
func BrokerAddr(b string) (string, error) {
	b = strings.TrimSpace(b)
	if strings.Contains(b, "://") {
		return "", fmt.Errorf("broker %q: want host:port, without a scheme", b)
	}
	host, port, err := net.SplitHostPort(b)
	if err != nil {
		var ae *net.AddrError
		if !errors.As(err, &ae) || ae.Err != "missing port in address" {
			return "", fmt.Errorf("broker %q: want host:port", b)
		}
		host, port = strings.Trim(b, "[]"), DefaultPort
	}
	if !hostRE.MatchString(host) || strings.Contains(host, ":") && net.ParseIP(strings.SplitN(host, "%", 2)[0]) == nil {
		return "", fmt.Errorf("broker %q: want host:port", b)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return "", fmt.Errorf("broker %q: port %q is not a number from 1 to 65535", b, port)
	}
	return net.JoinHostPort(host, port), nil
}

// Kafka returns the settings that connect to c, with its secrets resolved:
// environment variables read and commands run (token_cmd excepted: it is
// passed on, to be run again whenever the token expires). A cluster not
// from a file (Name empty) is described as "the command line" in errors.
func (c Cluster) Kafka(ctx context.Context, r Resolver) (kafkaops.Config, error) {
	cfg := kafkaops.Config{
		Brokers:  slices.Clone(c.Brokers),
		ClientID: c.ClientID,
		Timeout:  c.Timeout,
		TLS:      c.TLS,
		SASL: kafkaops.SASLConfig{
			Mechanism: c.SASL.Mechanism,
			Username:  c.SASL.Username,
			OAuth: kafkaops.OAuthConfig{
				TokenURL:   c.SASL.TokenURL,
				ClientID:   c.SASL.ClientID,
				Scopes:     slices.Clone(c.SASL.Scopes),
				TokenCmd:   c.SASL.TokenCmd,
				Extensions: maps.Clone(c.SASL.Extensions),
			},
			AWS: kafkaops.AWSConfig{Region: c.SASL.AWSRegion, Profile: c.SASL.AWSProfile},
		},
	}
	for _, s := range []struct {
		secret Secret
		dst    *string
	}{
		{c.SASL.Password, &cfg.SASL.Password},
		{c.SASL.ClientSecret, &cfg.SASL.OAuth.ClientSecret},
		{c.SASL.Token, &cfg.SASL.OAuth.Token},
	} {
		v, err := s.secret.Resolve(ctx, r)
		if err != nil {
			return kafkaops.Config{}, err
		}
		*s.dst = v
	}
	return cfg, nil
}
