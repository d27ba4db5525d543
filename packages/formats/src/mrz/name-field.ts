/**
 * The name field of the MRZ (ICAO Doc 9303 part 3 §4.6): primary identifier, '<<', secondary
 * identifier, components joined by '<', padded with '<'. When the name does not fit:
 *  - the secondary identifier is cut first; the primary identifier is cut only as far as needed to
 *    keep '<<' and at least one character of the secondary identifier;
 *  - a cut that would end on a filler instead ends on the next component's initial (an earlier
 *    component gives up a letter), so a truncated field ends with a letter, the mark of a possibly
 *    truncated name.
 * Inputs are already transliterated (A–Z and single '<' between components).
 */

export interface NameField {
  /** The field, exactly `width` characters. */
  field: string;
  /** What a reader recovers: the components written, separated by spaces. */
  familyName: string;
  givenNames: string;
  truncated: boolean;
}

export function composeNameField(primary: string, secondary: string, width: number): NameField {
  const full = secondary ? `${primary}<<${secondary}` : primary;
  if (full.length <= width) return result(primary, secondary, width, false);
  if (!secondary) return result(cutAtLetter(primary, width), '', width, true);
  // Keep room for '<<' and one character of the secondary identifier.
  let p = cutAtLetter(primary, width - 3);
  let s = cutAtLetter(secondary, width - p.length - 2);
  if (p.length + 2 + s.length < width) {
    // The secondary identifier stopped short (only initials before the cut): a letter of the primary
    // identifier makes room for the next initial, so the field still ends with a letter.
    const shorter = withoutSpareLetter(p);
    if (shorter !== undefined) {
      p = shorter;
      s = cutAtLetter(secondary, width - p.length - 2);
    }
  }
  return result(p, s, width, true);
}

function result(primary: string, secondary: string, width: number, truncated: boolean): NameField {
  const text = secondary ? `${primary}<<${secondary}` : primary;
  return {
    field: text.padEnd(width, '<'),
    familyName: primary.replace(/</g, ' '),
    givenNames: secondary.replace(/</g, ' '),
    truncated,
  };
}

/**
 * The first `n` characters of `text`. If that cut would end on a filler, the field ends instead with
 * the next component's initial, the room taken from the last component before it that has a letter
 * to spare (AISSA<B<|FATOU → AISS<B<F).
 */
function cutAtLetter(text: string, n: number): string {
  if (text.length <= n) return text;
  const cut = text.slice(0, n);
  if (!cut.endsWith('<')) return cut;
  const nextInitial = text[n]!; // components are separated by one '<', so a letter follows
  const shorter = withoutSpareLetter(cut.slice(0, -1));
  // Only initials before the cut: stop after the last of them.
  return shorter === undefined ? cut.slice(0, -1) : `${shorter}<${nextInitial}`;
}

/** `components` less the last letter of its last component that has two or more; undefined if none has. */
function withoutSpareLetter(components: string): string | undefined {
  const parts = components.split('<');
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i]!.length >= 2) {
      parts[i] = parts[i]!.slice(0, -1);
      return parts.join('<');
    }
  }
  return undefined;
}
