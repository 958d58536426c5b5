// INHOPE referrals' pure parts: the hotline table and the referral package.
export { HOTLINES, HOTLINES_AS_OF, INHOPE_DIRECTORY, hotlineFor, hotlineById, type Hotline } from './hotlines.js';
export { referralHost, referralPackage, ReferralUrlError, type ReferralPackage } from './referral.js';
