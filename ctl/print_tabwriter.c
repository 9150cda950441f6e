/* print_tabwriter.c - Go's text/tabwriter (the elastic tabstops of
 * github.com/liggitt/tabwriter, which kubectl uses for the RememberWidths
 * flag), configured as kubectl's printers.GetNewTabWriter: minimum cell
 * width 6, padding 3, padded with spaces, widths remembered across flushes.
 *
 * Input is buffered as lines of cells. On flush, consecutive lines having a
 * cell in column k form a block whose width is the widest cell plus padding;
 * the last cell of a line is never part of a column (cells are
 * tab-terminated), so lines carry no trailing spaces. See print.h. */
#include <stdint.h>
#include <stdlib.h>

#include "ctl/print.h"

#include "banned.h"

enum { MIN_WIDTH = 6, PADDING = 3 };

typedef struct cell {
	size_t size;  /* bytes */
	size_t width; /* runes */
} cell;

typedef struct line {
	cell *cells;
	size_t n, cap;
} line;

struct kc_print_tabwriter {
	kc_buf *out;
	kc_buf text; /* cell contents, separators removed */
	size_t cell_start; /* where the incomplete cell starts in text */
	line *lines;
	size_t n_lines, cap_lines;
	size_t *widths; /* the column widths while formatting (a stack) */
	size_t n_widths, cap_widths;
	size_t *maxwidths; /* remembered widths */
	size_t n_maxwidths, cap_maxwidths;
};

/* Go's utf8.RuneCount: invalid bytes count one each. */
static size_t rune_count(const unsigned char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; count++) {
		unsigned char c = s[i];
		size_t need = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 0;
		size_t w = 1;
		if (need > 0 && i + need < n) {
			bool ok = true;
			for (size_t k = 1; k <= need; k++)
				if ((s[i + k] & 0xc0) != 0x80)
					ok = false;
			if (ok)
				w = need + 1;
		}
		i += w;
	}
	return count;
}

static void add_line(kc_print_tabwriter *tw)
{
	if (tw->n_lines == tw->cap_lines) {
		tw->cap_lines = tw->cap_lines ? tw->cap_lines * 2 : 16;
		tw->lines = xrealloc(tw->lines, tw->cap_lines * sizeof(*tw->lines));
	}
	tw->lines[tw->n_lines++] = (line){NULL, 0, 0};
}

/* Ends the incomplete cell; returns how many cells its line has now. */
static size_t terminate_cell(kc_print_tabwriter *tw)
{
	line *l = &tw->lines[tw->n_lines - 1];
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->cells = xrealloc(l->cells, l->cap * sizeof(*l->cells));
	}
	size_t size = tw->text.len - tw->cell_start;
	l->cells[l->n++] = (cell){size, rune_count((const unsigned char *)tw->text.s + tw->cell_start, size)};
	tw->cell_start = tw->text.len;
	return l->n;
}

static void reset(kc_print_tabwriter *tw)
{
	for (size_t i = 0; i < tw->n_lines; i++)
		free(tw->lines[i].cells);
	tw->n_lines = 0;
	kc_buf_reset(&tw->text);
	tw->cell_start = 0;
	tw->n_widths = 0;
	add_line(tw);
}

kc_print_tabwriter *kc_print_tabwriter_new(kc_buf *out)
{
	kc_print_tabwriter *tw = xcalloc(1, sizeof(*tw));
	tw->out = out;
	kc_buf_init(&tw->text);
	reset(tw);
	return tw;
}

void kc_print_tabwriter_free(kc_print_tabwriter *tw)
{
	if (!tw)
		return;
	for (size_t i = 0; i < tw->n_lines; i++)
		free(tw->lines[i].cells);
	free(tw->lines);
	free(tw->widths);
	free(tw->maxwidths);
	kc_buf_free(&tw->text);
	free(tw);
}

static void pad(kc_print_tabwriter *tw, size_t textw, size_t cellw)
{
	for (size_t i = textw; i < cellw; i++)
		kc_buf_addch(tw->out, ' ');
}

static size_t write_lines(kc_print_tabwriter *tw, size_t pos, size_t line0, size_t line1)
{
	for (size_t i = line0; i < line1; i++) {
		const line *l = &tw->lines[i];
		for (size_t j = 0; j < l->n; j++) {
			const cell *c = &l->cells[j];
			kc_buf_add(tw->out, tw->text.s + pos, c->size);
			pos += c->size;
			if (j < tw->n_widths)
				pad(tw, c->width, tw->widths[j]);
		}
		if (i + 1 == tw->n_lines) {
			/* the last buffered line has no newline yet */
			size_t rest = tw->text.len - tw->cell_start;
			kc_buf_add(tw->out, tw->text.s + pos, rest);
			pos += rest;
		} else {
			kc_buf_addch(tw->out, '\n');
		}
	}
	return pos;
}

static void push_width(kc_print_tabwriter *tw, size_t w)
{
	if (tw->n_widths == tw->cap_widths) {
		tw->cap_widths = tw->cap_widths ? tw->cap_widths * 2 : 16;
		tw->widths = xrealloc(tw->widths, tw->cap_widths * sizeof(*tw->widths));
	}
	tw->widths[tw->n_widths++] = w;
}

static void push_maxwidth(kc_print_tabwriter *tw, size_t w)
{
	if (tw->n_maxwidths == tw->cap_maxwidths) {
		tw->cap_maxwidths = tw->cap_maxwidths ? tw->cap_maxwidths * 2 : 16;
		tw->maxwidths = xrealloc(tw->maxwidths, tw->cap_maxwidths * sizeof(*tw->maxwidths));
	}
	tw->maxwidths[tw->n_maxwidths++] = w;
}

static size_t format(kc_print_tabwriter *tw, size_t pos, size_t line0, size_t line1)
{
	size_t column = tw->n_widths;
	for (size_t this = line0; this < line1; this++) {
		if (column + 1 >= tw->lines[this].n)
			continue;
		/* a cell in this column: print the lines before the block */
		pos = write_lines(tw, pos, line0, this);
		line0 = this;

		size_t width = MIN_WIDTH;
		for (; this < line1; this++) {
			const line *l = &tw->lines[this];
			if (column + 1 >= l->n)
				break;
			if (l->cells[column].width + PADDING > width)
				width = l->cells[column].width + PADDING;
		}

		/* remembered widths: a column never gets narrower than before */
		while (tw->n_maxwidths < tw->n_widths)
			push_maxwidth(tw, tw->widths[tw->n_maxwidths]);
		if (tw->n_maxwidths == tw->n_widths)
			push_maxwidth(tw, width);
		else if (tw->maxwidths[tw->n_widths] > width)
			width = tw->maxwidths[tw->n_widths];
		else
			tw->maxwidths[tw->n_widths] = width;

		push_width(tw, width);
		pos = format(tw, pos, line0, this);
		tw->n_widths--;
		line0 = this;
	}
	return write_lines(tw, pos, line0, line1);
}

void kc_print_tabwriter_flush(kc_print_tabwriter *tw)
{
	if (tw->text.len > tw->cell_start)
		terminate_cell(tw);
	format(tw, 0, 0, tw->n_lines);
	reset(tw);
}

void kc_print_tabwriter_reset_widths(kc_print_tabwriter *tw)
{
	tw->n_maxwidths = 0;
}

void kc_print_tabwriter_write(kc_print_tabwriter *tw, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch != '\t' && ch != '\v' && ch != '\n' && ch != '\f')
			continue;
		kc_buf_add(&tw->text, s + start, i - start);
		start = i + 1;
		size_t ncells = terminate_cell(tw);
		if (ch == '\n' || ch == '\f') {
			add_line(tw);
			/* a one-cell line cannot affect later columns: flush */
			if (ch == '\f' || ncells == 1)
				kc_print_tabwriter_flush(tw);
		}
	}
	kc_buf_add(&tw->text, s + start, n - start);
}

void kc_print_tabwriter_puts(kc_print_tabwriter *tw, const char *s)
{
	kc_print_tabwriter_write(tw, s, strlen(s));
}
