package schemas

import (
	"context"

	"github.com/twmb/franz-go/pkg/sr"
)

// Source is where the decoder finds schemas: a Schema Registry.
type Source interface {
	SchemaByID(ctx context.Context, id int) (sr.Schema, error)
	SchemaByVersion(ctx context.Context, subject string, version int) (sr.SubjectSchema, error)
}

// UsageSource is optionally implemented by a Source that can say under which subjects and
// versions a schema id is registered (`GET /schemas/ids/{id}/versions`; *sr.Client has it).
// The decoder asks once per id, for the inspector's subject and version; a Source without it,
// or an error from it, leaves them empty and decoding works the same.
type UsageSource interface {
	SchemaUsagesByID(ctx context.Context, id int) ([]sr.SubjectSchema, error)
}
