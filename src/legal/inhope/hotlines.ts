// Where a link to material hosted in a given country is referred: the INHOPE member hotline of
// the hosting country (legal.md §6), NCMEC's CyberTipline for the United States. A partial
// table, from the INHOPE member directory (https://www.inhope.org/EN/our-members) as read in
// October 2026 through a secondary copy; INHOPE publishes no machine-readable list, so the
// operator should check a country's entry before relying on it. A country not listed falls
// back to the directory itself, for the legal role to choose.
export const HOTLINES_AS_OF = '2026-10';

export interface Hotline {
  id: string;
  name: string;
  /** ISO 3166 alpha-2 codes of the hosting countries it takes. */
  countries: readonly string[];
  /** The public reporting page: a referral is the URL, typed into this form, never the material. */
  reportUrl: string;
  kind: 'inhope-member' | 'ncmec' | 'national-tipline' | 'reporting-portal' | 'directory';
}

export const HOTLINES: readonly Hotline[] = [
  { id: 'ncmec', name: 'CyberTipline (NCMEC)', countries: ['US'], reportUrl: 'https://report.cybertip.org/', kind: 'ncmec' },
  { id: 'cybertip-ca', name: 'Cybertip.ca', countries: ['CA'], reportUrl: 'https://www.cybertip.ca/en/report/', kind: 'national-tipline' },
  { id: 'iwf', name: 'Internet Watch Foundation', countries: ['GB'], reportUrl: 'https://report.iwf.org.uk/en', kind: 'inhope-member' },
  { id: 'hotline-ie', name: 'Irish Internet Hotline', countries: ['IE'], reportUrl: 'https://hotline.ie/report', kind: 'inhope-member' },
  { id: 'esafety', name: 'Cyber Report (eSafety Commissioner)', countries: ['AU'], reportUrl: 'https://forms.esafety.gov.au', kind: 'inhope-member' },
  { id: 'netsafe', name: 'Netsafe', countries: ['NZ'], reportUrl: 'https://report.netsafe.org.nz/hc/en-au/requests/new', kind: 'inhope-member' },
  { id: 'eco', name: 'eco Beschwerdestelle', countries: ['DE'], reportUrl: 'https://www.internet-beschwerdestelle.de/en/', kind: 'inhope-member' },
  { id: 'point-de-contact', name: 'Point de Contact', countries: ['FR'], reportUrl: 'https://www.pointdecontact.net/cliquez-signalez/', kind: 'inhope-member' },
  { id: 'incibe', name: 'INCIBE', countries: ['ES'], reportUrl: 'https://www.incibe.es/menores/hotline', kind: 'inhope-member' },
  { id: 'offlimits', name: 'Offlimits', countries: ['NL'], reportUrl: 'https://meldpunt.offlimits.nl/', kind: 'inhope-member' },
  {
    id: 'te-protejo-mexico',
    name: 'Te Protejo México (Fundación PAS)',
    countries: ['MX'],
    reportUrl: 'https://www.teprotejomexico.org/',
    kind: 'inhope-member',
  },
  { id: 'safernet', name: 'SaferNet Brasil', countries: ['BR'], reportUrl: 'https://new.safernet.org.br/denuncie', kind: 'inhope-member' },
  { id: 'iwf-india', name: 'IWF Reporting Portal (India)', countries: ['IN'], reportUrl: 'https://report.iwf.org.uk/in', kind: 'reporting-portal' },
  { id: 'ecpat-philippines', name: 'ECPAT Philippines', countries: ['PH'], reportUrl: 'http://ecpat.org.ph/report/', kind: 'inhope-member' },
  {
    id: 'internet-hotline-center-japan',
    name: 'Internet Hotline Center Japan',
    countries: ['JP'],
    reportUrl: 'https://www.internethotline.jp/',
    kind: 'inhope-member',
  },
  { id: 'fpb', name: 'Film and Publication Board hotline', countries: ['ZA'], reportUrl: 'https://apps.fpb.org.za/hotline', kind: 'inhope-member' },
  { id: 'acsai', name: 'ACSAI Nigeria', countries: ['NG'], reportUrl: 'https://acsaing.org/report.html', kind: 'inhope-member' },
];

/** For a country with no hotline in the table, or a host whose country is unknown. */
export const INHOPE_DIRECTORY: Hotline = {
  id: 'inhope-directory',
  name: 'INHOPE member directory (choose the hotline)',
  countries: [],
  reportUrl: 'https://www.inhope.org/EN/our-members',
  kind: 'directory',
};

export function hotlineFor(country: string | null): Hotline {
  if (country === null) return INHOPE_DIRECTORY;
  const code = country.toUpperCase();
  return HOTLINES.find((h) => h.countries.includes(code)) ?? INHOPE_DIRECTORY;
}

export function hotlineById(id: string): Hotline | undefined {
  return id === INHOPE_DIRECTORY.id ? INHOPE_DIRECTORY : HOTLINES.find((h) => h.id === id);
}
