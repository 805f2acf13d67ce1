package inspector

import (
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// JSON is highlighted a line at a time, and only for the lines on screen:
// chroma over a whole 1 MiB document costs far more than opening the
// inspector may. chroma's JSON lexer is stateful (a string is a key only
// inside an object), so each line is lexed behind a short prefix that puts
// the lexer in the state the line lives in; the prefix's tokens are
// dropped. The lines are json.Indent output, already escaped by
// internal/safe, so every token chroma returns is a piece of safe text.

// lexCtx is the context a pretty-printed JSON line is lexed in.
type lexCtx uint8

const (
	ctxRoot lexCtx = iota
	ctxObject
	ctxArray
	ctxCloseObjInObj
	ctxCloseArrInObj
	ctxCloseObjInArr
	ctxCloseArrInArr
)

var ctxPrefix = [...]string{
	ctxRoot:          "",
	ctxObject:        "{",
	ctxArray:         "[",
	ctxCloseObjInObj: `{"":{`,
	ctxCloseArrInObj: `{"":[`,
	ctxCloseObjInArr: "[{",
	ctxCloseArrInArr: "[[",
}

// lexContexts finds each line's context from the brackets that open and
// close lines: in json.Indent output a line ends with { or [ exactly when
// it opens a container, and starts with } or ] when it closes one.
func lexContexts(lines []string) []lexCtx {
	ctx := make([]lexCtx, len(lines))
	stack := make([]byte, 0, 16)
	top := func() byte {
		if len(stack) == 0 {
			return 0
		}
		return stack[len(stack)-1]
	}
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if t == "" {
			continue
		}
		if t[0] == '}' || t[0] == ']' {
			closed := t[0]
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			ctx[i] = closeCtx(closed, top())
			continue
		}
		switch top() {
		case '{':
			ctx[i] = ctxObject
		case '[':
			ctx[i] = ctxArray
		}
		if last := t[len(t)-1]; last == '{' || last == '[' {
			stack = append(stack, last)
		}
	}
	return ctx
}

func closeCtx(closed, parent byte) lexCtx {
	obj := closed == '}'
	switch parent {
	case '{':
		if obj {
			return ctxCloseObjInObj
		}
		return ctxCloseArrInObj
	case '[':
		if obj {
			return ctxCloseObjInArr
		}
		return ctxCloseArrInArr
	}
	if obj {
		return ctxObject
	}
	return ctxArray
}

// class is how a token is coloured; the colours come from the theme.
type class uint8

const (
	clPlain class = iota
	clKey
	clString
	clNumber
	clLiteral
	clPunct
)

// token is a run of one line's bytes in one class.
type token struct {
	end   int32 // byte offset in the line where the token ends
	class class
}

// maxLexLine bounds the line chroma is given: its backtracking regexps on
// a single multi-megabyte string cost seconds. Longer lines are shown
// uncoloured, still escaped and wrapped.
const maxLexLine = 4096

var jsonLexer = sync.OnceValue(func() chroma.Lexer { return lexers.Get("json") })

// lexLine returns the tokens of line l in context c, or nil when the line
// is too long to lex.
func lexLine(l string, c lexCtx) []token {
	if len(l) > maxLexLine {
		return nil
	}
	prefix := ctxPrefix[c]
	it, err := jsonLexer().Tokenise(nil, prefix+l)
	if err != nil {
		return nil
	}
	var toks []token
	pos := -len(prefix)
	for t := it(); t != chroma.EOF; t = it() {
		start := pos
		pos += len(t.Value)
		if pos <= 0 {
			continue
		}
		end := min(pos, len(l))
		if end <= max(start, 0) {
			break
		}
		cl := classOf(t.Type)
		if n := len(toks); n > 0 && toks[n-1].class == cl {
			toks[n-1].end = int32(end)
		} else {
			toks = append(toks, token{end: int32(end), class: cl})
		}
		if pos >= len(l) {
			break
		}
	}
	return toks
}

func classOf(t chroma.TokenType) class {
	switch {
	case t == chroma.NameTag:
		return clKey
	case t.InSubCategory(chroma.LiteralString):
		return clString
	case t.InSubCategory(chroma.LiteralNumber):
		return clNumber
	case t == chroma.KeywordConstant:
		return clLiteral
	case t == chroma.Punctuation:
		return clPunct
	}
	return clPlain
}
