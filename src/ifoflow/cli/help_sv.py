"""The command line's help in Swedish (what `ifoflow ... --help` shows). Docstrings stay English for developers;
a test fails when a command has no Swedish help here."""

from typer import Typer

HELP = {
    "worker": "Kör robotar som Celery-arbetare (meddelandekö: IFOFLOW_BROKER_URL, standard Redis på 127.0.0.1).",
    "demo": "Skapa demokommunen (en gång), starta registersimulatorerna och schemaläggaren och visa webben.",
    "seed": "Skapa en syntetisk kommun (påhittade personer med testpersonnummer).",
    "backup": "Säkerhetskopiera alla tabeller och lagrade filer till en fil (går bra medan robotarna kör); eller "
              "kontrollera en säkerhetskopia med --kontrollera.",
    "restore": "Återställ en säkerhetskopia till en tom databas, uppgradera den och kontrollera granskningsloggen.",
    "serve": "Visa webbgränssnittet (bakom HTTPS i drift). Vägrar starta med osäkra inställningar utanför demoläget.",
    "db upgrade": "Skapa tabellerna eller uppgradera dem till den senaste versionen.",
    "household import": "Registrera ett hushåll och öppna dess ärende om försörjningsstöd; allt eller inget.",
    "calc run": "Beräkna försörjningsstöd för ett hushåll och en månad och förklara varje krona.",
    "robots list": "Lista robotarna med start, pausläge och nästa schemalagda körningar.",
    "robots run": "Kör en robot nu (eller fortsätt körningen med samma nyckel).",
    "robots schedule": "Visa vad som ska köras enligt schemat; med --run-due körs det (säkert att upprepa); med "
                       "--every görs det om och om igen.",
    "robots pause": "Pausa en robot: pågående och schemalagda körningar tar inga nya ärenden.",
    "robots resume": "Återuppta en pausad robot (fortsätt en pausad körning med robots run NAMN --key NYCKEL).",
    "robots retry": "Kör ett misslyckat ärende igen från steget som misslyckades.",
    "parametrar visa": "Alla värden i en uppsättning lokala regler en viss dag, med källa och status (kommunens "
                       "överlägg inräknat).",
    "parametrar att-verifiera": "Lagrumshänvisningar som ännu inte är kontrollerade mot lagtexten; kommunjuristen "
                                "fyller i dem i kommunens överlägg (docs/parameters.md).",
    "audit verify": "Kontrollera granskningsloggens hashkedja: ändrade, tillagda eller borttagna händelser. "
                    "Slutkod 1 vid fel.",
    "tasks list": "En enhets öppna uppgifter, tidigaste sista dag först.",
    "tasks claim": "Ta en uppgift.",
    "tasks complete": "Avsluta en uppgift du har tagit och skriv vad som gjordes.",
    "tasks reassign": "Ge en uppgift till någon annan.",
    "decision-types register": "Registrera en beslutstyp för automatiserat beslutsfattande; vägras med skälet när "
                               "lagen inte tillåter det.",
    "decision-types list": "Alla registrerade beslutstyper.",
    "decision-types disable": "Stäng av automatiska beslut av den här typen direkt.",
    "decision-types enable": "Slå på automatiska beslut av den här typen igen.",
    "users set-password": "Sätt lösenord för ett lokalt konto (argon2).",
    "users add": "Skapa ett personalkonto i en enhet med en roll; det loggar in med kommunens inloggningstjänst "
                 "(--sso) eller med ett lösenord.",
    "units add": "Skapa en enhet i socialtjänsten.",
    "users clearance": "Ge en användare behörighet att se namn och adress för personer med skyddad identitet, "
                       "eller ta bort den.",
    "access grant": "Ett tidsbegränsat undantag: användaren får arbeta i en annan enhet (loggas).",
    "access report": "Logguppföljning: läsningar av personuppgifter, markerade när läsaren saknar öppet ärende.",
    "arenden flytta": "Ge ärenden en ny handläggare, ett och ett eller alla öppna ärenden hos den som slutar; "
                      "klienterna får ett infobrev om enheten skickar sådana.",
    "brev stoppa": "Stoppa ett brev som ännu inte har skickats; anledningen sparas i brevets historik.",
    "brev utskrift": "Spara dagens utskrift (en PDF med alla pappersbrev) och manifestet (CSV) till tryckeriet.",
    "vardfaktura inkorg": "Läs e-fakturorna (XML) och PDF:erna i exportmappen; registrera dem sedan med "
                          "robots run vardfakturor.",
    "skanning inkorg": "Ta in skannermappens filer (var och en tas bort ur mappen när den är sparad); "
                       "skanningsroboten tolkar och fördelar dem.",
    "skanning train": "Träna om klassningen av dokumenttyper på korpusen och handläggarnas bekräftade typer.",
    "skanning korpus": "Skapa om den syntetiska träningskorpusen: rita, lägg på skannerbrus, texttolka (minuter).",
    "vardfaktura leverantor": "Lägg in en leverantör; organisationsnummer och bankgiro kontrolleras.",
    "vardfaktura placering": "Registrera en placering (beslut om insats) med leverantör, pris, period och "
                             "beställarreferens.",
    "vardfaktura importera": "Registrera placeringar från en CSV-fil, allt eller inget.",
    "vardfaktura kostnader": "Placeringskostnader per enhet och månad, prognos mot budget; som CSV eller nämndens "
                             "PDF.",
    "gdpr extract": "Skriv en persons registerutdrag som JSON eller PDF; skyddade adresser döljs; läsningen loggas.",
    "retention run": "Visa (provkörning) eller ta bort uppgifter vars gallringsfrist har gått ut; loggas.",
    "kalkyl investering": "Kapitalkostnad år för år: linjär avskrivning och ränta på kvarvarande belopp.",
    "kalkyl nytta": "Sparade timmar per år, andel årsarbetare (2 003 h) och värdet av dem.",
    "processer add": "Registrera eller uppdatera en process och visa dess prioritet med skäl.",
    "processer list": "Alla processer i inventeringen med poäng och prioritet.",
    "processer export": "Inventeringen som Excelfil.",
    "processer import": "Läs in en inventering från Excel; varje rad kontrolleras först och inget sparas om en är fel.",
    "processer pdf": "En sammanfattning på en sida för nämnden (bilaga till tjänsteutlåtande).",
    "processer register-decision-type": "Lämna en P1-process juridiska checklista till registret över beslutstyper.",
    "sim ssbtek": "SSBTEK v10 (SOAP och batch) och folkbokföringen som HTTP-tjänst över de syntetiska uppgifterna.",
    "sim folkbokforing": "Folkbokföringen som HTTP-tjänst (en person eller många) över de syntetiska uppgifterna.",
    "sim brevlada": "Den digitala brevlådan (Mina meddelanden) som HTTP-tjänst; ungefär var femte person saknar "
                    "brevlåda. Peka IFOFLOW_MAILBOX_URL hit.",
    "bistand submit": "Skicka in en ansökan för en månad (som e-tjänsten); roboten forsorjningsstod prövar den.",
    "bistand decide": "En handläggare beslutar en ansökan som roboten lämnat över (bifall, delvis bifall, avslag).",
    "bistand payments-export": "Skriv planerade utbetalningar som pain.001-fil för nästa bankdag (varje en gång).",
    "bistand metrics": "Andel automatiska beslut, skäl till handläggning och tid från ansökan till beslut.",
    "kontroll run": "Kontrollera alla pågående ärenden för månaden; en ny körning fortsätter och skriver inget två "
                    "gånger.",
    "kontroll rapport": "Körningens rapport per enhet; --csv och --pdf skriver den till filer.",
    "kontroll stopp": "Utbetalningsstopp som ingen handläggare har hävt ännu.",
    "kontroll hav": "Häv ett utbetalningsstopp efter att ha utrett ärendet (anteckning krävs).",
    "skuld inkorg": "Läs alla filer i inkorgen; varje fil flyttas till behandlade/ när aviseringarna är sparade.",
    "skuld karantan": "Aviseringar som väntar på rättning, med skälet.",
    "skuld ratta": "Rätta en avisering i karantänen och registrera den.",
    "skuld statistik": "Aviseringar per typ för en eller flera perioder.",
}


def apply(app: Typer, prefix: str = "") -> list[str]:
    """Set the Swedish help on every command of `app` and its groups; returns the commands that have none."""
    missing = []
    for command in app.registered_commands:
        name = prefix + (command.name or (command.callback.__name__ if command.callback else ""))
        if name in HELP:
            command.help = HELP[name]
        else:
            missing.append(name)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            missing += apply(group.typer_instance, f"{prefix}{group.name} ")
    return missing
