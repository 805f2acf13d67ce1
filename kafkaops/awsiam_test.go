package kafkaops

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/segmentio/kafka-go/sasl"
)

// testAWSMechanism is an AWS_MSK_IAM mechanism with a fixed AWS
// configuration and signing time instead of the default chain and clock.
func testAWSMechanism(cfg AWSConfig, awsCfg aws.Config, at time.Time) *awsMechanism {
	m := newAWSMechanism(cfg)
	m.load = func(context.Context) (aws.Config, error) { return awsCfg, nil }
	m.signTime = func() time.Time { return at }
	return m
}

func staticCreds(c aws.Credentials) aws.CredentialsProvider {
	return aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return c, nil })
}

// awsStart runs Start for a broker host and decodes the payload.
func awsStart(t *testing.T, m *awsMechanism, host string) (map[string]string, error) {
	t.Helper()
	ctx := sasl.WithMetadata(context.Background(), &sasl.Metadata{Host: host, Port: 9098})
	sess, ir, err := m.Start(ctx)
	if err != nil {
		return nil, err
	}
	var p map[string]string
	if err := json.Unmarshal(ir, &p); err != nil {
		t.Fatalf("payload %q: %v", ir, err)
	}
	if done, _, err := sess.Next(ctx, nil); !done || err != nil {
		t.Errorf("Next after the payload = %v, %v; want done", done, err)
	}
	return p, nil
}

func TestAWSMSKIAMSigning(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	creds := aws.Credentials{
		AccessKeyID:     "AKIDEXAMPLE",
		SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
		SessionToken:    "FwoGZXIvYXdzEXAMPLE//session+token=",
	}
	const mskHost = "b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com"
	cases := []struct {
		name, region, chainRegion, host, wantRegion string
	}{
		{"region from the settings", "eu-central-1", "us-west-2", mskHost, "eu-central-1"},
		{"region from the broker name", "", "us-west-2", mskHost, "eu-west-1"},
		{"serverless broker name", "", "", "boot-abcd.c1.kafka-serverless.ap-southeast-2.amazonaws.com", "ap-southeast-2"},
		{"region from the AWS chain", "", "us-west-2", "10.0.0.3", "us-west-2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := testAWSMechanism(AWSConfig{Region: tc.region}, aws.Config{Credentials: staticCreds(creds), Region: tc.chainRegion}, at)
			p, err := awsStart(t, m, tc.host)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{
				"version":              "2020_10_22",
				"host":                 tc.host,
				"action":               "kafka-cluster:Connect",
				"x-amz-algorithm":      "AWS4-HMAC-SHA256",
				"x-amz-credential":     "AKIDEXAMPLE/20240102/" + tc.wantRegion + "/kafka-cluster/aws4_request",
				"x-amz-date":           "20240102T030405Z",
				"x-amz-signedheaders":  "host",
				"x-amz-expires":        "300",
				"x-amz-security-token": creds.SessionToken,
			}
			for k, v := range want {
				if p[k] != v {
					t.Errorf("%s = %q, want %q", k, p[k], v)
				}
			}
			if !strings.HasPrefix(p["user-agent"], "kafka-go/") {
				t.Errorf("user-agent = %q", p["user-agent"])
			}
			if got := sigV4(p, creds.SecretAccessKey, tc.wantRegion); p["x-amz-signature"] != got {
				t.Errorf("x-amz-signature = %q, recomputed %q", p["x-amz-signature"], got)
			}
			// The recomputation is sensitive to what it checks.
			if sigV4(p, creds.SecretAccessKey, "us-east-1") == p["x-amz-signature"] || sigV4(p, "other", tc.wantRegion) == p["x-amz-signature"] {
				t.Error("the signature verifies with another region or secret")
			}
			for k := range p {
				if strings.Contains(p[k], creds.SecretAccessKey) {
					t.Errorf("%s carries the secret key", k)
				}
			}
		})
	}

	t.Run("no region anywhere", func(t *testing.T) {
		m := testAWSMechanism(AWSConfig{}, aws.Config{Credentials: staticCreds(creds)}, at)
		_, err := awsStart(t, m, "kafka.internal")
		if err == nil || !strings.Contains(err.Error(), "AWS_MSK_IAM: no AWS region") || !strings.Contains(err.Error(), "kafka.internal") {
			t.Fatalf("Start = %v, want a missing region error naming the broker", err)
		}
	})
	t.Run("signer of the SDK agrees", func(t *testing.T) {
		// The same request signed by aws-sdk-go-v2's own presigner.
		m := testAWSMechanism(AWSConfig{Region: "eu-west-1"}, aws.Config{Credentials: staticCreds(creds)}, at)
		p, err := awsStart(t, m, mskHost)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := newPresignRequest(mskHost)
		uri, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, req, emptySHA256, "kafka-cluster", "eu-west-1", at)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(uri, "X-Amz-Signature="+p["x-amz-signature"]) {
			t.Errorf("SDK presigned %s; payload signature %s", uri, p["x-amz-signature"])
		}
	})
}

const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// sigV4 recomputes the SigV4 signature of an MSK IAM payload from the
// specification (a presigned GET kafka://host/?Action=kafka-cluster:Connect
// with only the host header signed), independently of the SDK.
func sigV4(p map[string]string, secret, region string) string {
	canonicalNames := map[string]string{
		"action": "Action", "x-amz-algorithm": "X-Amz-Algorithm", "x-amz-credential": "X-Amz-Credential",
		"x-amz-date": "X-Amz-Date", "x-amz-expires": "X-Amz-Expires", "x-amz-security-token": "X-Amz-Security-Token",
		"x-amz-signedheaders": "X-Amz-SignedHeaders",
	}
	var query []string
	for k, name := range canonicalNames {
		if v, ok := p[k]; ok {
			query = append(query, awsEscape(name)+"="+awsEscape(v))
		}
	}
	slices.Sort(query)
	canonical := strings.Join([]string{"GET", "/", strings.Join(query, "&"), "host:" + p["host"] + "\n", "host", emptySHA256}, "\n")
	date := p["x-amz-date"]
	scope := date[:8] + "/" + region + "/kafka-cluster/aws4_request"
	sum := sha256.Sum256([]byte(canonical))
	toSign := "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	mac := func(key []byte, s string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(s))
		return h.Sum(nil)
	}
	key := mac([]byte("AWS4"+secret), date[:8])
	for _, part := range []string{region, "kafka-cluster", "aws4_request"} {
		key = mac(key, part)
	}
	return hex.EncodeToString(mac(key, toSign))
}

// awsEscape is SigV4's URI encoding: unreserved characters as they are,
// every other byte %XX in upper case.
func awsEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// clearAWSEnvironment leaves the AWS credential chain nothing to find:
// no keys, no config files, no profile, no container or instance role.
func clearAWSEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
		"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
}

func TestAWSMSKIAMNoCredentialsAtMechanism(t *testing.T) {
	clearAWSEnvironment(t)
	cfg := Config{Brokers: []string{"b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098"}, TLS: TLSConfig{Enabled: true},
		SASL: SASLConfig{Mechanism: "AWS_MSK_IAM"}}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("Validate without AWS credentials: %v (they are needed only to connect)", err)
	}
	m := newAWSMechanism(AWSConfig{})
	_, err := awsStart(t, m, "b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com")
	if err == nil || !strings.Contains(err.Error(), "AWS_MSK_IAM: no AWS credentials found (environment, shared config, SSO, instance role)") {
		t.Fatalf("Start = %v", err)
	}

	// A profile that does not exist is named.
	m = newAWSMechanism(AWSConfig{Profile: "prod-admin"})
	if _, err := awsStart(t, m, "h"); err == nil || !strings.Contains(err.Error(), `AWS_MSK_IAM: cannot load AWS profile "prod-admin"`) {
		t.Fatalf("Start with a missing profile = %v", err)
	}

	// Keys in the environment are what the chain finds first.
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret-from-env")
	m = newAWSMechanism(AWSConfig{Region: "eu-west-1"})
	p, err := awsStart(t, m, "h")
	if err != nil {
		t.Fatalf("Start with environment credentials: %v", err)
	}
	if !strings.HasPrefix(p["x-amz-credential"], "AKIDFROMENV/") {
		t.Errorf("x-amz-credential = %q", p["x-amz-credential"])
	}
}

// newPresignRequest is the request aws_msk_iam_v2 presigns.
func newPresignRequest(host string) (*http.Request, error) {
	return http.NewRequest(http.MethodGet, "kafka://"+host+"/?Action=kafka-cluster%3AConnect&X-Amz-Expires=300", nil)
}
