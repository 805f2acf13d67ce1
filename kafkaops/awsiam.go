package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/segmentio/kafka-go/sasl"
	msk "github.com/segmentio/kafka-go/sasl/aws_msk_iam_v2"
)

const awsName = "AWS_MSK_IAM"

// awsMechanism is AWS MSK IAM through kafka-go's aws_msk_iam_v2, with the
// AWS configuration and credentials resolved when a connection first
// authenticates rather than when the settings are read: opening a cluster
// (and the UI) does not wait on, or fail for, AWS, and a user who fixes
// their credentials (aws sso login) does not have to restart. The signing
// itself is aws_msk_iam_v2's.
type awsMechanism struct {
	cfg    AWSConfig
	signer *v4.Signer
	// load reads the AWS configuration: config.LoadDefaultConfig, or a
	// fixed one in tests.
	load func(ctx context.Context) (aws.Config, error)
	// signTime is time.Now, or a fixed time in tests.
	signTime func() time.Time

	mu     sync.Mutex
	loaded *aws.Config
}

func newAWSMechanism(cfg AWSConfig) *awsMechanism {
	m := &awsMechanism{cfg: cfg, signer: v4.NewSigner(), signTime: time.Now}
	m.load = func(ctx context.Context) (aws.Config, error) {
		var opts []func(*awsconfig.LoadOptions) error
		if cfg.Profile != "" {
			opts = append(opts, awsconfig.WithSharedConfigProfile(cfg.Profile))
		}
		if cfg.Region != "" {
			opts = append(opts, awsconfig.WithRegion(cfg.Region))
		}
		return awsconfig.LoadDefaultConfig(ctx, opts...)
	}
	return m
}

func (m *awsMechanism) Name() string { return awsName }

// Start signs a kafka-cluster:Connect request for the broker in ctx's SASL
// metadata with the current credentials.
func (m *awsMechanism) Start(ctx context.Context) (sasl.StateMachine, []byte, error) {
	awsCfg, err := m.awsConfig(ctx)
	if err != nil {
		return nil, nil, err
	}
	meta := sasl.MetadataFromContext(ctx)
	if meta == nil {
		return nil, nil, errors.New(awsName + ": no broker address to sign for")
	}
	region := m.cfg.Region
	if region == "" {
		region = regionOfHost(meta.Host)
	}
	if region == "" {
		region = awsCfg.Region
	}
	if region == "" {
		return nil, nil, &connFailure{msg: fmt.Sprintf("%s: no AWS region: set the region in the cluster settings or AWS_REGION (the broker name %s does not contain one)", awsName, meta.Host), local: true}
	}
	if awsCfg.Credentials == nil {
		return nil, nil, noAWSCredentials(errors.New("no credential provider"))
	}
	wait, cancel := beforeDeadline(ctx)
	defer cancel()
	creds, err := awsCfg.Credentials.Retrieve(wait)
	if err != nil {
		return nil, nil, credentialsFailure(awsCfg.Credentials, err)
	}
	inner := &msk.Mechanism{
		Signer:      m.signer,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return creds, nil }),
		Region:      region,
		SignTime:    m.signTime(),
	}
	return inner.Start(ctx)
}

// awsConfig loads the AWS configuration once; a failure is not kept, so
// the next connection tries again.
func (m *awsMechanism) awsConfig(ctx context.Context) (aws.Config, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.loaded != nil {
		return *m.loaded, nil
	}
	c, err := m.load(ctx)
	if err != nil {
		what := "the AWS configuration"
		if m.cfg.Profile != "" {
			what = fmt.Sprintf("AWS profile %q", m.cfg.Profile)
		}
		return aws.Config{}, &connFailure{msg: fmt.Sprintf("%s: cannot load %s: %v", awsName, what, err), err: err, local: true}
	}
	m.loaded = &c
	return c, nil
}

// credentialsFailure explains a failure to get credentials. When the chain
// found nothing configured it falls back to the EC2 instance role, so a
// failure there means there are no credentials at all.
func credentialsFailure(p aws.CredentialsProvider, err error) error {
	if ps, ok := p.(aws.CredentialProviderSource); ok {
		src := ps.ProviderSources()
		if len(src) == 0 || len(src) == 1 && src[0] == aws.CredentialSourceIMDS {
			return noAWSCredentials(err)
		}
	}
	return &connFailure{msg: fmt.Sprintf("%s: cannot get AWS credentials: %v", awsName, err), err: err, local: true}
}

func noAWSCredentials(err error) error {
	return &connFailure{msg: fmt.Sprintf("%s: no AWS credentials found (environment, shared config, SSO, instance role): %v", awsName, err), err: err, local: true}
}

// mskHost matches MSK broker names, provisioned and serverless:
// b-1.name.abc123.c2.kafka.eu-west-1.amazonaws.com,
// boot-abc.c1.kafka-serverless.us-east-1.amazonaws.com.
var mskHost = regexp.MustCompile(`\.kafka(?:-serverless)?\.([a-z]{2}(?:-[a-z]+)+-[0-9]+)\.amazonaws\.com(?:\.cn)?\.?$`)

// regionOfHost is the AWS region in an MSK broker's name, or "".
func regionOfHost(host string) string {
	if m := mskHost.FindStringSubmatch(host); m != nil {
		return m[1]
	}
	return ""
}
