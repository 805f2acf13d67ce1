package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/kafkatui/kafkatui/config"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops/schemas"
)

// openRegistry is the Schema Registry of the run, which the schema
// commands need: none configured is a usage error.
func (a *app) openRegistry(ctx context.Context) (*schemas.Registry, error) {
	cfg, ok, err := a.registryFor(ctx, a.target.cluster, a.explicit)
	if err != nil {
		return nil, err
	}
	if !ok {
		// Neither the cluster nor a flag names one: say where to.
		return nil, checkRegistry(a.target.cluster)
	}
	return schemas.NewRegistry(cfg)
}

// registryFor is resolve for the Schema Registry: the cluster's
// schema_registry with the flags in explicit laid over it by overlay (the
// one place precedence is decided), checked, secrets resolved. ok is false
// when neither the cluster nor the flags name a registry, which is no
// error where a registry is optional (decoding records).
func (a *app) registryFor(ctx context.Context, cl config.Cluster, explicit map[string]bool) (cfg schemas.RegistryConfig, ok bool, err error) {
	if err := a.conn.overlay(&cl, explicit); err != nil {
		return cfg, false, err
	}
	r := cl.SchemaRegistry
	if r.IsZero() && r.Username == "" && r.Password.IsZero() && r.Token.IsZero() {
		return cfg, false, nil
	}
	if err := checkRegistry(cl); err != nil {
		return cfg, false, err
	}
	a.logf("schema registry: url=%s user=%q password=%v token=%v", redactURL(r.URL), r.Username, r.Password, r.Token)
	return cl.Registry(ctx, config.Resolver{Getenv: a.env.Getenv})
}

// checkRegistry finds what is missing or contradictory in the registry's
// settings once the flags are laid over the file's.
func checkRegistry(cl config.Cluster) error {
	r := cl.SchemaRegistry
	if r.URL == "" {
		if r.Username != "" || !r.Password.IsZero() || !r.Token.IsZero() {
			return usagef("Schema Registry credentials were given without --schema-registry URL")
		}
		msg := "no Schema Registry: give --schema-registry URL or set KAFKATUI_SCHEMA_REGISTRY"
		if cl.Name != "" {
			msg += fmt.Sprintf(", or schema_registry in cluster %q of the config file", cl.Name)
		}
		return usagef("%s", msg)
	}
	if u, err := url.Parse(r.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("--schema-registry: want an http:// or https:// URL, e.g. http://localhost:8081")
	}
	switch {
	case !r.Token.IsZero() && r.Username != "":
		return usagef("give --schema-registry-username and a password, or --schema-registry-token, not both")
	case r.Username != "" && r.Password.IsZero():
		return usagef("Schema Registry user %q has no password: set KAFKATUI_SCHEMA_REGISTRY_PASSWORD (or --schema-registry-password)", r.Username)
	case r.Username == "" && !r.Password.IsZero():
		return usagef("a Schema Registry password was given without --schema-registry-username")
	}
	return nil
}

// redactURL drops user information from a URL for the debug log.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable)"
	}
	u.User = nil
	return u.String()
}

// schemaFormat names a schema type as consume --json's value_format does.
func schemaFormat(t sr.SchemaType) string {
	switch t {
	case sr.TypeProtobuf:
		return "protobuf"
	case sr.TypeJSON:
		return "json-schema"
	}
	return "avro"
}

// parseSchemaType reads --type.
func parseSchemaType(s string) (sr.SchemaType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "avro":
		return sr.TypeAvro, nil
	case "protobuf", "proto":
		return sr.TypeProtobuf, nil
	case "json", "json-schema", "jsonschema":
		return sr.TypeJSON, nil
	}
	return 0, usagef("--type %q: want avro, protobuf or json", s)
}

const schemasLong = `List the subjects of the Schema Registry with their latest version, its id
and format, and the compatibility level that applies to each.

The registry is the cluster's schema_registry in the config file, or the
one named by --schema-registry URL (env KAFKATUI_SCHEMA_REGISTRY), with
--schema-registry-username and KAFKATUI_SCHEMA_REGISTRY_PASSWORD, or
KAFKATUI_SCHEMA_REGISTRY_TOKEN for a bearer token. No broker is needed.`

func (a *app) schemasCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "schemas",
		Short: "List the Schema Registry's subjects: latest version, format, compatibility",
		Long:  schemasLong,
		Args:  cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			reg, err := a.openRegistry(cmd.Context())
			if err != nil {
				return err
			}
			subjects, err := reg.Subjects(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				list := make([]subjectJSON, 0, len(subjects))
				for _, s := range subjects {
					list = append(list, subjectJSON{s.Subject, s.Version, s.ID, schemaFormat(s.Type), s.Compatibility})
				}
				return writeJSON(out, list)
			}
			t := newTable("SUBJECT", "VERSION>", "ID>", "FORMAT", "COMPATIBILITY")
			for _, s := range subjects {
				t.add(s.Subject, strconv.Itoa(s.Version), strconv.Itoa(s.ID), schemaFormat(s.Type), orDash(s.Compatibility))
			}
			return t.write(out)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}

// subjectJSON is one subject of `schemas --json`.
type subjectJSON struct {
	Subject       string `json:"subject"`
	Version       int    `json:"version"`
	ID            int    `json:"id"`
	Format        string `json:"format"`
	Compatibility string `json:"compatibility"`
}

func (a *app) schemaCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Show, register, check or delete a schema of the Schema Registry",
		Long:  "Show, register, check or delete a schema of the Schema Registry.\n\n" + schemasLong[strings.Index(schemasLong, "The registry"):],
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(a.schemaGetCommand(), a.schemaRegisterCommand(), a.schemaCheckCommand(), a.schemaDeleteCommand())
	return cmd
}

// schemaJSON is `schema get --json`.
type schemaJSON struct {
	Subject    string               `json:"subject"`
	Version    int                  `json:"version"`
	ID         int                  `json:"id"`
	Format     string               `json:"format"`
	Schema     string               `json:"schema"`
	References []sr.SchemaReference `json:"references"`
}

func (a *app) schemaGetCommand() *cobra.Command {
	var (
		asJSON  bool
		version int
	)
	cmd := &cobra.Command{
		Use:   "get SUBJECT [--version N]",
		Short: "Show a subject's schema (the latest version unless --version N)",
		Args:  exactArgs("SUBJECT"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if version == 0 || version < -1 {
				return usagef("--version must be a version number (1 or more)")
			}
			reg, err := a.openRegistry(cmd.Context())
			if err != nil {
				return err
			}
			s, err := reg.SchemaByVersion(cmd.Context(), args[0], version)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, schemaJSON{s.Subject, s.Version, s.ID, schemaFormat(s.Type), s.Schema.Schema, orEmpty(s.References)})
			}
			fmt.Fprintf(out, "Subject:    %s\nVersion:    %d\nID:         %d\nFormat:     %s\n", oneLine(s.Subject), s.Version, s.ID, schemaFormat(s.Type))
			for i, r := range s.References {
				label := "            "
				if i == 0 {
					label = "References: "
				}
				fmt.Fprintf(out, "%s%s -> subject %s version %d\n", label, oneLine(r.Name), oneLine(r.Subject), r.Version)
			}
			_, err = fmt.Fprintf(out, "\n%s\n", safe.Multiline(strings.TrimRight(prettySchema(s.Schema.Schema), "\n")))
			return err
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	cmd.Flags().IntVar(&version, "version", -1, "version to show (default: the latest)")
	cmd.Flags().Lookup("version").DefValue = "latest"
	return cmd
}

// prettySchema indents a JSON schema (Avro, JSON Schema), which registries
// keep on one line; Protobuf text is shown as it is.
func prettySchema(s string) string {
	var b bytes.Buffer
	if json.Indent(&b, []byte(s), "", "  ") != nil {
		return s
	}
	return b.String()
}

// parseReferences reads --reference NAME=SUBJECT:VERSION values: the
// name the schema imports (a .proto file, an Avro full name) and where the
// registry keeps it.
func parseReferences(refs []string) ([]sr.SchemaReference, error) {
	out := make([]sr.SchemaReference, 0, len(refs))
	for _, ref := range refs {
		name, loc, ok := strings.Cut(ref, "=")
		// The version follows the last colon: a subject of a registry
		// context holds colons of its own (:.staging:orders-value).
		i := strings.LastIndex(loc, ":")
		if i < 0 {
			i = len(loc)
		}
		subject, ver := loc[:i], strings.TrimPrefix(loc[i:], ":")
		v, err := strconv.Atoi(ver)
		if !ok || name == "" || subject == "" || err != nil || v < 1 {
			return nil, usagef("--reference %q: want NAME=SUBJECT:VERSION, e.g. common.proto=common-value:1", ref)
		}
		out = append(out, sr.SchemaReference{Name: name, Subject: subject, Version: v})
	}
	return out, nil
}

func (a *app) schemaRegisterCommand() *cobra.Command {
	var (
		typeFlag string
		refs     []string
	)
	cmd := &cobra.Command{
		Use:   "register SUBJECT FILE [--type avro|protobuf|json]",
		Short: "Register FILE's schema as the next version of SUBJECT",
		Long: "Register the schema in FILE (- reads standard input) as the next version of\n" +
			"SUBJECT, or find the version it already is. Its format comes from the file's\n" +
			"name (.avsc Avro, .proto Protobuf, .json JSON Schema) unless --type is given.\n" +
			"The registry refuses a schema incompatible with the subject's level: check one\n" +
			"first with kafkatui schema check.",
		Example: "  kafkatui schema register orders-value order.avsc\n" +
			"  kafkatui schema register orders-value order.proto --reference common.proto=common-value:1",
		Args: exactArgs("SUBJECT", "FILE"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			s, err := a.readSchemaFile(args[1], typeFlag)
			if err != nil {
				return err
			}
			if s.References, err = parseReferences(refs); err != nil {
				return err
			}
			if err := a.checkWrite("schema register"); err != nil {
				return err
			}
			reg, err := a.openRegistry(cmd.Context())
			if err != nil {
				return err
			}
			ss, err := reg.Register(cmd.Context(), args[0], s)
			if err != nil {
				return err
			}
			version := "version " + strconv.Itoa(ss.Version)
			if ss.Version == 0 {
				version = "version unknown"
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "registered %s schema in subject %s: %s, id %d\n", schemaFormat(s.Type), oneLine(args[0]), version, ss.ID)
			return err
		}),
	}
	cmd.Flags().StringVar(&typeFlag, "type", "", "schema format: avro, protobuf or json (default: from FILE's extension)")
	cmd.Flags().StringArrayVar(&refs, "reference", nil, "a schema FILE imports, NAME=SUBJECT:VERSION (a .proto import, an Avro type's full name), repeatable")
	_ = cmd.RegisterFlagCompletionFunc("type", cobra.FixedCompletions([]string{"avro", "protobuf", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (a *app) schemaCheckCommand() *cobra.Command {
	var (
		typeFlag string
		refs     []string
	)
	cmd := &cobra.Command{
		Use:   "check SUBJECT FILE [--type avro|protobuf|json]",
		Short: "Check FILE's schema against SUBJECT's latest version (exit 1 if incompatible)",
		Long: "Ask the registry whether the schema in FILE is compatible with the latest\n" +
			"version of SUBJECT, under the subject's compatibility level. Exit status 0:\n" +
			"compatible; 1: not compatible (the registry's reasons are printed) or the check\n" +
			"failed. Nothing is registered.",
		Args: exactArgs("SUBJECT", "FILE"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			s, err := a.readSchemaFile(args[1], typeFlag)
			if err != nil {
				return err
			}
			if s.References, err = parseReferences(refs); err != nil {
				return err
			}
			reg, err := a.openRegistry(cmd.Context())
			if err != nil {
				return err
			}
			res, err := reg.CheckCompatibility(cmd.Context(), args[0], s)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if res.Is {
				_, err = fmt.Fprintf(out, "compatible with the latest version of subject %s\n", oneLine(args[0]))
				return err
			}
			fmt.Fprintf(out, "not compatible with the latest version of subject %s:\n", oneLine(args[0]))
			for _, m := range res.Messages {
				fmt.Fprintf(out, "  %s\n", oneLine(m))
			}
			if len(res.Messages) == 0 {
				fmt.Fprintln(out, "  (the registry gave no reason)")
			}
			return &exitError{code: ExitError, msg: fmt.Sprintf("%s is not compatible with subject %s", oneLine(args[1]), oneLine(args[0]))}
		}),
	}
	cmd.Flags().StringVar(&typeFlag, "type", "", "schema format: avro, protobuf or json (default: from FILE's extension)")
	cmd.Flags().StringArrayVar(&refs, "reference", nil, "a schema FILE imports, NAME=SUBJECT:VERSION, repeatable")
	_ = cmd.RegisterFlagCompletionFunc("type", cobra.FixedCompletions([]string{"avro", "protobuf", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (a *app) schemaDeleteCommand() *cobra.Command {
	var (
		version   int
		permanent bool
		yes       bool
	)
	cmd := &cobra.Command{
		Use:   "delete SUBJECT [--version N] [--permanent] [--yes]",
		Short: "Delete a subject, or one version of it (soft unless --permanent)",
		Long: "Delete every version of SUBJECT, or only --version N. A soft delete hides them\n" +
			"(readers that know their ids still find them); --permanent removes versions\n" +
			"already soft deleted, for good. On a terminal kafkatui asks you to type the\n" +
			"subject's name first; from a script it needs --yes.",
		Args: exactArgs("SUBJECT"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("version") && version < 1 {
				return usagef("--version must be a version number (1 or more)")
			}
			if err := a.checkWrite("schema delete"); err != nil {
				return err
			}
			subject := args[0]
			how := "soft"
			if permanent {
				how = "permanent"
			}
			if !yes {
				what := fmt.Sprintf("This deletes every version of subject %s (%s).", oneLine(subject), how)
				if version > 0 {
					what = fmt.Sprintf("This deletes version %d of subject %s (%s).", version, oneLine(subject), how)
				}
				if err := a.confirmTyped(what, "subject", subject); err != nil {
					return err
				}
			}
			reg, err := a.openRegistry(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if version > 0 {
				if err := reg.DeleteVersion(cmd.Context(), subject, version, permanent); err != nil {
					return err
				}
				_, err = fmt.Fprintf(out, "deleted version %d of subject %s (%s)\n", version, oneLine(subject), how)
				return err
			}
			vs, err := reg.DeleteSubject(cmd.Context(), subject, permanent)
			if err != nil {
				return err
			}
			list := make([]string, len(vs))
			for i, v := range vs {
				list[i] = strconv.Itoa(v)
			}
			_, err = fmt.Fprintf(out, "deleted subject %s (%s): versions %s\n", oneLine(subject), how, orDash(strings.Join(list, ", ")))
			return err
		}),
	}
	cmd.Flags().IntVar(&version, "version", 0, "delete only this version")
	cmd.Flags().BoolVar(&permanent, "permanent", false, "remove for good what a soft delete hid")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	return cmd
}
