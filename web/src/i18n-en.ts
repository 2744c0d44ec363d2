/**
 * English for the static text of the public pages: one entry per `data-i18n` key (and `data-i18n-attr`
 * attribute key) in web/*.html. The Chinese stays in the HTML itself, so the pages read right without script.
 * `test/unit/public/i18n.test.ts` checks that every key in the pages has its English here.
 */
export const staticEnglish: Record<string, string> = {
  'brand.motto': 'Every petition acted on, every petitioner answered',
  'nav.skip': 'Skip to main content',
  'nav.label': 'Site navigation',
  'nav.submit': 'Submit a petition',
  'nav.track': 'Track progress',
  'nav.reception': 'Reception days',

  'form.documentTitle': 'Huiyin · Submit a petition online',
  'form.heading': 'Submit a petition',
  'form.emergency':
    'This service is not for emergencies. In an emergency call 110 (police), 119 (fire) or 120 (ambulance) now.',
  'form.requiredNote': 'Fields marked * are required.',
  'form.category': 'Category',
  'form.categoryUnsure': 'Not sure: let the system decide',
  'form.categoryHint': 'If you are not sure, leave it: the system assigns it by what you write.',
  'form.petitionType': 'Type of petition',
  'form.petitionTypeUnsure': 'Not sure: staff will decide',
  'form.petitionTypeHint':
    'Optional. An accusation (report of wrongdoing) is never handled by the unit it accuses.',
  'form.accusedUnit': 'Unit accused (optional)',
  'form.accusedUnitNone': 'Not specified',
  'form.jurisdiction': 'Town or street',
  'form.choose': 'Please choose',
  'form.title': 'Title',
  'form.titleHint': 'The problem in one sentence, 2 to 60 characters.',
  'form.content': 'Details',
  'form.contentHint':
    'Say when and where it happened, what happened, and how you would like it solved. Do not include ID numbers or other personal data the petition does not need.',
  'form.photos': 'Photos (optional, up to 3)',
  'form.photosHint':
    'JPEG, PNG, HEIC, WebP, GIF, BMP or TIFF, at most 8 MB each. We keep only the picture itself; where it was taken and all other details are removed. If you tick the box below, the place is recorded separately so that staff can find it.',
  'form.shareLocation': 'Also share where the photos were taken (helps staff find the place)',
  'form.anonymous': 'Submit anonymously (no name)',
  'form.anonymousHint': 'Anonymous petitions still need a phone number, so that we can tell you the outcome.',
  'form.name': 'Name',
  'form.phone': 'Phone',
  'form.phoneHint':
    'A mobile or a landline with its area code. You will need its last four digits to track your petition.',
  'form.otp': 'SMS code',
  'form.photosChoose': 'Choose photos',
  'form.sendCode': 'Send code',
  'form.otpHint': 'To confirm the phone is yours, request a code by SMS and enter it (mobiles only).',
  'form.confidential': 'Confidential',
  'form.confidentialHint':
    'Only the handlers of the unit that takes it on (and of a service team it asks for help) and supervisors cleared for confidential cases can read it, and every read is recorded. The tracking page does not show it. For private matters such as counselling.',
  'form.privacyTitle': 'How we protect your personal data',
  'form.privacyText':
    'Your name, phone number and petition are used only to register, handle and answer this petition and for the satisfaction survey afterwards. The responsible unit keeps them as the law requires and never publishes them. Staff screens hide the middle digits of your phone number; seeing the full number needs permission and is recorded.',
  'form.consent': 'I have read and agree to how my personal data is used',
  'form.submit': 'Submit',

  'track.documentTitle': 'Huiyin · Track a petition',
  'track.heading': 'Track progress',
  'track.code': 'Tracking code',
  'track.codeHint': 'The code shown after you submitted, also sent to you by SMS.',
  'track.phone4': 'Last four digits of your phone',
  'track.phone4Hint':
    'The last four digits of the phone number you gave. If you wrote by e-mail without a phone, use the four-digit PIN from our reply.',
  'track.submit': 'Track',
  'track.unlockCode': 'Unlock code',
  'track.unlockCodeHint':
    'To protect your information, tracking this code is paused. If this is you, enter the 6-digit unlock code from the SMS or e-mail you received and press Track. If you did not get one, tracking resumes by itself after 24 hours.',

  'reception.documentTitle': 'Huiyin · Reception days of the representatives’ studios',
  'reception.heading': 'Reception days of the representatives’ studios',
  'reception.intro':
    'Party representatives sit in the studios to hear residents in person. Each studio’s days and what happens on holidays are listed below. No appointment needed; bring any papers about your matter.',
  'reception.studio': 'Studio',
  'reception.allStudios': 'All studios',
  'reception.listTitle': 'Coming reception days',
  'reception.more': 'Show the two months after',
  'help.documentTitle': 'Huiyin · Help mailbox',
  'help.heading': 'Help mailbox',
  'help.intro':
    'A confidential mailbox to the county’s organisation department. If work weighs on you, write it down. No name or phone needed: only the department’s designated officers read letters, and we keep no record of who you are, your network address or your device.',
  'help.writeTitle': 'Write a letter',
  'help.subject': 'Subject (optional)',
  'help.content': 'What you want to say',
  'help.passphrase': 'A passphrase for reading the reply (8 characters or more; remember it)',
  'help.passphraseAgain': 'The passphrase again',
  'help.send': 'Send',
  'help.codeIntro':
    'Your letter is sent. Write down this letter code; with your passphrase it opens the reply:',
  'help.codeWarning':
    'We keep neither your passphrase nor your code. If both are lost, the reply cannot be read.',
  'help.readTitle': 'Read the reply',
  'help.code': 'Letter code',
  'help.readPassphrase': 'Passphrase',
  'help.read': 'Read',
};
