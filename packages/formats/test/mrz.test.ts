import { parse } from 'mrz';
import { describe, expect, it } from 'vitest';
import {
  buildTd1,
  composeMrzNameField,
  FormatError,
  mrzCheckDigit,
  readTd1,
  type Td1Person,
  transliterateToMrz,
} from '@kura/formats';

const malian: Td1Person = {
  issuingState: 'MLI',
  documentNumber: 'A12345678',
  familyName: 'Traoré',
  givenNames: 'Aminata',
  birthDate: '1985-11-23',
  sex: 'F',
  expiryDate: '2035-11-22',
  nationality: 'MLI',
};

function expectFormatError(fn: () => unknown, code: FormatError['code'], field: string): FormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    const fe = e as FormatError;
    expect(fe.code).toBe(code);
    expect(fe.field).toBe(field);
    expect(fe.offset).toBeGreaterThanOrEqual(0);
    return fe;
  }
  throw new Error(`expected a FormatError ${code} on ${field}`);
}

describe('ICAO 9303 check digit', () => {
  it('gives the digits of the Doc 9303 worked examples', () => {
    // Doc 9303 part 3 §4.9 and the TD1 specimen (part 5): D23145890 → 7, 740812 → 2, 120415 → 9.
    expect(mrzCheckDigit('D23145890')).toBe('7');
    expect(mrzCheckDigit('740812')).toBe('2');
    expect(mrzCheckDigit('120415')).toBe('9');
    expect(mrzCheckDigit('520727')).toBe('3');
    expect(mrzCheckDigit('<<<<<<')).toBe('0');
    expect(() => mrzCheckDigit('a1')).toThrow(FormatError);
  });
});

describe('TD1 MRZ built from a person', () => {
  it('reproduces the ICAO Doc 9303 part 5 TD1 specimen character for character', () => {
    const mrz = buildTd1({
      documentCode: 'I',
      issuingState: 'UTO',
      documentNumber: 'D23145890',
      familyName: 'Eriksson',
      givenNames: 'Anna Maria',
      birthDate: '1974-08-12',
      sex: 'F',
      expiryDate: '2012-04-15',
      nationality: 'UTO',
    });
    expect(mrz.lines).toEqual(['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<']);
    expect(mrz.text).toBe(mrz.lines.join('\n'));
    // 'UTO' (ICAO's fictional Utopia) is not a real state, so mrz flags only the two state codes.
    const reading = readTd1(mrz.text);
    expect(reading.problems.map((p) => p.field).sort()).toEqual(['issuingState', 'nationality']);
    expect(reading.fields).toMatchObject({ documentNumber: 'D23145890', birthDate: '740812', expiryDate: '120415', familyName: 'ERIKSSON', givenNames: 'ANNA MARIA' });
  });

  it('writes a long document number with the overflow rule, as in the mrz package example', () => {
    const mrz = buildTd1({
      documentCode: 'I',
      issuingState: 'UTO',
      documentNumber: 'D23145890123',
      familyName: 'Eriksson',
      givenNames: 'Anna Maria',
      birthDate: '1974-08-12',
      sex: 'F',
      expiryDate: '2012-04-15',
      nationality: 'UTO',
    });
    // First 9 characters in the field, '<' in the check digit position, '123' + check digit 3 in optional data.
    expect(mrz.lines[0]).toBe('I<UTOD23145890<1233<<<<<<<<<<<');
    expect(mrz.lines[1]).toBe('7408122F1204159UTO<<<<<<<<<<<2');
    expect(readTd1(mrz.text).fields.documentNumber).toBe('D23145890123');
  });

  it('makes a Malian card that mrz parses back to the same fields with every check valid', () => {
    const mrz = buildTd1(malian);
    expect(mrz.lines[0]).toBe('IDMLIA123456784<<<<<<<<<<<<<<<');
    expect(mrz.lines[2]).toBe('TRAORE<<AMINATA<<<<<<<<<<<<<<<');
    const raw = parse(mrz.lines);
    expect(raw.format).toBe('TD1');
    expect(raw.valid).toBe(true);
    const reading = readTd1(mrz.text);
    expect(reading.valid).toBe(true);
    expect(reading.problems).toEqual([]);
    expect(reading.fields).toEqual(mrz.fields);
    expect(mrz.fields).toMatchObject({ documentCode: 'ID', documentNumber: 'A12345678', birthDate: '851123', sex: 'F', expiryDate: '351122' });
  });

  it('handles every long document number length with and without optional data', () => {
    for (let n = 10; n <= 22; n++) {
      const documentNumber = 'ML'.padEnd(n, '7');
      const optional1 = n <= 20 ? 'X'.repeat(Math.min(4, 22 - n - 1)) : undefined;
      for (const opt of [undefined, optional1]) {
        const mrz = buildTd1({ ...malian, documentNumber, ...(opt ? { optional1: opt } : {}) });
        expect(mrz.lines[0]![14]).toBe('<');
        const reading = readTd1(mrz.text);
        expect(reading.valid, `${documentNumber} ${opt}`).toBe(true);
        expect(reading.fields.documentNumber).toBe(documentNumber);
        expect(reading.fields.optional1).toBe(opt ?? '');
      }
    }
    expectFormatError(() => buildTd1({ ...malian, documentNumber: 'M'.repeat(23) }), 'BAD_LENGTH', 'documentNumber');
    expectFormatError(() => buildTd1({ ...malian, documentNumber: 'M'.repeat(20), optional1: 'ABCD' }), 'BAD_LENGTH', 'optional1');
  });

  it('writes partial birth dates with << and sex X as <', () => {
    const year = buildTd1({ ...malian, birthDate: '1970', sex: 'X' });
    expect(year.lines[1]!.slice(0, 8)).toBe(`70<<<<${mrzCheckDigit('70<<<<')}<`);
    const month = buildTd1({ ...malian, birthDate: '1970-04' });
    expect(month.lines[1]!.slice(0, 6)).toBe('7004<<');
    for (const m of [year, month]) {
      const reading = readTd1(m.text);
      expect(reading.valid).toBe(true);
      expect(reading.fields).toEqual(m.fields);
    }
    expect(readTd1(year.text).fields.sex).toBe('X');
  });

  it('carries optional data in both lines', () => {
    const mrz = buildTd1({ ...malian, optional1: 'nina 1234', optional2: 'B-01' });
    expect(mrz.lines[0]!.slice(15)).toBe('NINA<1234<<<<<<');
    expect(mrz.lines[1]!.slice(18, 29)).toBe('B<01<<<<<<<');
    expect(readTd1(mrz.text).fields).toMatchObject({ optional1: 'NINA 1234', optional2: 'B 01' });
  });

  it('refuses bad person data with a FormatError naming the field', () => {
    expectFormatError(() => buildTd1({ ...malian, birthDate: '1985-02-30' }), 'BAD_VALUE', 'birthDate');
    expectFormatError(() => buildTd1({ ...malian, birthDate: '85-11-23' }), 'BAD_VALUE', 'birthDate');
    expectFormatError(() => buildTd1({ ...malian, expiryDate: '2035-11' }), 'BAD_VALUE', 'expiryDate');
    expectFormatError(() => buildTd1({ ...malian, sex: 'U' as 'M' }), 'BAD_VALUE', 'sex');
    expectFormatError(() => buildTd1({ ...malian, documentNumber: 'AB/12' }), 'BAD_VALUE', 'documentNumber');
    expectFormatError(() => buildTd1({ ...malian, documentNumber: '' }), 'BAD_LENGTH', 'documentNumber');
    expectFormatError(() => buildTd1({ ...malian, issuingState: 'ML' }), 'BAD_VALUE', 'issuingState');
    expectFormatError(() => buildTd1({ ...malian, documentCode: 'IV' }), 'BAD_VALUE', 'documentCode');
    expectFormatError(() => buildTd1({ ...malian, documentCode: 'P' }), 'BAD_VALUE', 'documentCode');
    expectFormatError(() => buildTd1({ ...malian, familyName: '李' }), 'BAD_VALUE', 'familyName');
    expectFormatError(() => buildTd1({ ...malian, familyName: "'-" }), 'BAD_VALUE', 'familyName');
    expectFormatError(() => buildTd1({ ...malian, givenNames: 'Jean 2' }), 'BAD_VALUE', 'givenNames');
    expectFormatError(() => buildTd1({ ...malian, optional2: 'ABCDEFGHIJKL' }), 'BAD_LENGTH', 'optional2');
  });
});

describe('transliteration (Doc 9303 part 3 §6)', () => {
  it('maps French accents, ligatures and ICAO special letters', () => {
    const t = (s: string) => transliterateToMrz(s, 'name', 0, false);
    expect(t('Élodie Noël Maïga')).toBe('ELODIE<NOEL<MAIGA');
    expect(t('Hélène Ÿvonne Çà Ùù Ôô Îî Ââ Êê Ëë')).toBe('HELENE<YVONNE<CA<UU<OO<II<AA<EE<EE');
    expect(t('Lætitia Cœur')).toBe('LAETITIA<COEUR');
    expect(t('Straße Þór Øyvind Åse Müller Köhler Jäger')).toBe('STRASSE<THOR<OEYVIND<AASE<MUELLER<KOEHLER<JAEGER');
    expect(t('Muñoz Łukasz Đorđe')).toBe('MUNOZ<LUKASZ<DORDE');
    // Hyphens, spaces and commas become '<'; apostrophes vanish.
    expect(t("N'Diaye")).toBe('NDIAYE');
    expect(t('Jean-Baptiste  de  la Fontaine')).toBe('JEAN<BAPTISTE<DE<LA<FONTAINE');
    expect(t(" -Keïta, Sékou- ")).toBe('KEITA<SEKOU');
    // Decomposed input (NFD) gives the same result.
    expect(t('Traore\u0301')).toBe('TRAORE');
    expect(transliterateToMrz('nina 12-3', 'optional1', 0, true)).toBe('NINA<12<3');
  });
});

describe('name field truncation', () => {
  it('leaves names that fit as they are', () => {
    expect(composeMrzNameField('ERIKSSON', 'ANNA<MARIA', 30)).toMatchObject({ field: 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<', truncated: false });
    expect(composeMrzNameField('KONE', '', 30)).toMatchObject({ field: 'KONE'.padEnd(30, '<'), givenNames: '', truncated: false });
    // Exactly 30 characters is not truncated.
    expect(composeMrzNameField('ABCDEFGHIJKLMN', 'OPQRSTUVWXYZAB', 30)).toMatchObject({ truncated: false });
  });

  it('cuts the secondary identifier first and ends on a letter', () => {
    const n = composeMrzNameField('DIALLO', 'MARIE<THERESE<FATOUMATA<AISSATA', 30);
    expect(n.field).toBe('DIALLO<<MARIE<THERESE<FATOUMAT');
    expect(n.field).toHaveLength(30);
    expect(n.truncated).toBe(true);
    // A cut that would end on the filler (…AISSATA<) takes the next component's initial instead.
    const m = composeMrzNameField('DIALLO', 'MARIE<THERESE<AISSATA<FATOUMATA', 30);
    expect(m.field).toBe('DIALLO<<MARIE<THERESE<AISSAT<F');
    expect(m.givenNames).toBe('MARIE THERESE AISSAT F');
    // The letter given up comes from the last component that has one to spare.
    expect(composeMrzNameField('DIALLO', 'MARIE<THERESE<AISSA<B<FATOU', 30).field).toBe('DIALLO<<MARIE<THERESE<AISS<B<F');
    expect(composeMrzNameField('AB<C<D<E<F<G<H<I<J<K<L<M<N<O', 'P', 30).field).toBe('A<C<D<E<F<G<H<I<J<K<L<M<N<O<<P');
    // Nothing but initials before the cut: the primary identifier gives up a letter for the next initial.
    expect(composeMrzNameField('ABCDEFGH', 'B<C<D<E<F<G<H<I<J<K<L<M', 30).field).toBe('ABCDEFG<<B<C<D<E<F<G<H<I<J<K<L');
    expect(composeMrzNameField('AAAAAAAAEAAAA<AAAAAAAAAAAE', 'A<TRAORE', 30).field).toBe('AAAAAAAAEAAAA<AAAAAAAAAAA<<A<T');
    // Initials everywhere: nothing can give a letter, the field stops after the last whole initial.
    expect(composeMrzNameField('A<B<C<D<E<F<G<H<I<J<K<L<M<N<O<P', '', 30).field).toBe('A<B<C<D<E<F<G<H<I<J<K<L<M<N<O<');
  });

  it('cuts a long primary identifier, keeping << and an initial of the secondary identifier', () => {
    const n = composeMrzNameField('KEITA<NDIAYE<DE<LA<TOUR<DAUVERGNE', 'MARIE', 30);
    expect(n.field).toBe('KEITA<NDIAYE<DE<LA<TOUR<DAU<<M');
    expect(n).toMatchObject({ familyName: 'KEITA NDIAYE DE LA TOUR DAU', givenNames: 'M', truncated: true });
    const alone = composeMrzNameField('A'.repeat(40), '', 30);
    expect(alone.field).toBe('A'.repeat(30));
  });

  it('reads back a lone primary identifier of any length, where mrz alone would not', () => {
    for (const length of [5, 27, 28, 29, 30, 35]) {
      const familyName = 'K'.repeat(Math.min(length, 14)) + (length > 14 ? ` ${'D'.repeat(length - 15)}` : '');
      const mrz = buildTd1({ ...malian, familyName, givenNames: '' });
      const reading = readTd1(mrz.text);
      expect(reading.valid, `${length}: ${mrz.lines[2]}`).toBe(true);
      expect(reading.fields.familyName).toBe(mrz.fields.familyName);
      expect(reading.fields.givenNames).toBe('');
    }
    // mrz v5 on its own: a 28-letter primary identifier ends in '<<' and is refused…
    const at28 = buildTd1({ ...malian, familyName: `${'K'.repeat(14)} ${'D'.repeat(13)}`, givenNames: '' });
    expect(parse(at28.lines).details.find((d) => d.field === 'firstName')?.valid).toBe(false);
    // …and a 30-letter one is read as the given names too.
    const at30 = buildTd1({ ...malian, familyName: 'K'.repeat(30), givenNames: '' });
    expect(parse(at30.lines).fields.firstName).toBe('K'.repeat(30));
    expect(readTd1(at30.text).fields.givenNames).toBe('');
  });

  it('round-trips truncated names through mrz', () => {
    const mrz = buildTd1({ ...malian, familyName: "Keïta-N'Diaye de la Tour d'Auvergne", givenNames: 'Marie-Thérèse Æsa' });
    expect(mrz.nameTruncated).toBe(true);
    expect(mrz.lines[2]).toBe('KEITA<NDIAYE<DE<LA<TOUR<DAU<<M');
    const reading = readTd1(mrz.text);
    expect(reading.valid).toBe(true);
    expect(reading.fields).toEqual(mrz.fields);
  });
});

describe('reading a TD1 MRZ', () => {
  const good = buildTd1(malian);

  it('refuses text that is not a TD1 MRZ with a FormatError', () => {
    expectFormatError(() => readTd1(good.lines.slice(0, 2)), 'BAD_COUNT', 'mrz');
    expectFormatError(() => readTd1([good.lines[0], good.lines[1]!.slice(1), good.lines[2]!]), 'BAD_LENGTH', 'line2');
    const lower = readTd1.bind(null, [good.lines[0], good.lines[1], good.lines[2]!.toLowerCase()]);
    expect(expectFormatError(lower, 'BAD_VALUE', 'line3').offset).toBe(62);
    expectFormatError(() => readTd1(''), 'BAD_COUNT', 'mrz');
  });

  it('reports failing checks with their place', () => {
    const line2 = good.lines[1]!;
    const tampered = `${line2.slice(0, 2)}${line2[2] === '9' ? '8' : '9'}${line2.slice(3)}`;
    const reading = readTd1([good.lines[0], tampered, good.lines[2]]);
    expect(reading.valid).toBe(false);
    expect(reading.fields.birthDate).toBeNull();
    expect(reading.problems.map((p) => p.field)).toContain('birthDateCheckDigit');
  });

  it('refuses a lone < inside a date, which mrz alone lets through', () => {
    const card = buildTd1({ ...malian, birthDate: '1980-10-05' });
    const line2 = card.lines[1]!;
    // Month '10' → '1<': '0' and '<' both count 0, so no check digit moves; only the date syntax is wrong.
    const forged = `${line2.slice(0, 3)}<${line2.slice(4)}`;
    expect(parse([card.lines[0], forged, card.lines[2]]).valid).toBe(true);
    const reading = readTd1([card.lines[0], forged, card.lines[2]]);
    expect(reading.valid).toBe(false);
    expect(reading.problems.map((p) => p.field)).toContain('birthDate');
    expect(reading.fields.birthDate).toBeNull();
  });

  it('refuses an empty document number overflow, which mrz alone may accept', () => {
    // A number whose check digit is 0, its check digit turned into '<' (same value, so the composite holds).
    let n = 0;
    let card = buildTd1({ ...malian, documentNumber: `A${String(n).padStart(8, '0')}` });
    while (card.lines[0]![14] !== '0') card = buildTd1({ ...malian, documentNumber: `A${String(++n).padStart(8, '0')}` });
    const line1 = card.lines[0]!;
    const forged = `${line1.slice(0, 14)}<${line1.slice(15)}`;
    expect(parse([forged, card.lines[1]!, card.lines[2]!]).valid).toBe(true);
    const reading = readTd1([forged, card.lines[1], card.lines[2]]);
    expect(reading.valid).toBe(false);
    expect(reading.problems.map((p) => p.field)).toContain('documentNumber');
  });
});
