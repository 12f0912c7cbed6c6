-- Reference data for the benchmark: word lists (kept in schema bench_seed while seeding),
-- users (a few managers and requesters, one user per technician), technicians and assets
-- of the default organization. Variables: :assets, :technicians, :requesters.
\set ON_ERROR_STOP on
SELECT setseed(0.20261126) \gset

DROP SCHEMA IF EXISTS bench_seed CASCADE;
CREATE SCHEMA bench_seed;

-- Words, ordered by how often they are drawn (rank 1 most often, see bench_seed.pick).
CREATE TABLE bench_seed.words (kind text NOT NULL, rank int NOT NULL, word text NOT NULL, PRIMARY KEY (kind, rank));

CREATE FUNCTION bench_seed.load(k text, ws text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO bench_seed.words SELECT k, o, w FROM unnest(ws) WITH ORDINALITY AS u(w, o)
$$;

SELECT bench_seed.load('verb', ARRAY['Inspect','Replace','Repair','Service','Check','Clean','Lubricate','Adjust',
  'Calibrate','Test','Tighten','Overhaul','Reset','Flush','Rebuild','Realign']);
SELECT bench_seed.load('component', ARRAY['filter','belt','bearing','pump','valve','motor','fan','compressor',
  'thermostat','sensor','gasket','seal','hose','coil','damper','breaker','switch','drain','pipe','light',
  'door','lock','panel','fuse','actuator','impeller','coupling','contactor','relay','nozzle','thermocouple',
  'strainer','manifold','trap','regulator','controller','transformer','gearbox','chain','sprocket']);
-- Asset kinds: name prefix, category.
SELECT bench_seed.load('kind', ARRAY['AHU','RTU','Chiller','Boiler','Pump','Compressor','Conveyor','Forklift',
  'Elevator','Generator','Press','Lathe','Mixer','Oven','Freezer','CoolingTower','Crane','Dock','Sprinkler','UPS']);
SELECT bench_seed.load('category', ARRAY['HVAC','HVAC','HVAC','HVAC','Plumbing','HVAC','Material handling',
  'Material handling','Vertical transport','Electrical','Production','Production','Production','Production',
  'Refrigeration','HVAC','Material handling','Building','Fire safety','Electrical']);
SELECT bench_seed.load('symptom', ARRAY['leaking','noisy','vibrating','overheating','tripped','not starting',
  'intermittent','clogged','worn','loose','corroded','cracked','squealing','smoking','frozen','sticking',
  'misaligned','low pressure','high pressure','alarming','dripping','rattling','stalled','burnt','flickering',
  'jammed','contaminated','slipping','humming','drifting']);
SELECT bench_seed.load('place', ARRAY['warehouse','office','kitchen','lobby','basement','rooftop','laboratory',
  'workshop','stairwell','loading bay','server room','cafeteria','parking garage','boiler room','clean room',
  'paint shop','assembly line','packaging line','cold store','mezzanine']);
SELECT bench_seed.load('building', ARRAY['North Plant','South Plant','Main Office','Distribution Center',
  'Research Annex','East Warehouse','West Warehouse','Training Center','Headquarters','Service Depot']);
SELECT bench_seed.load('shift', ARRAY['morning','day','evening','night','weekend']);
SELECT bench_seed.load('action', ARRAY['Isolated the unit','Ordered replacement parts','Checked the wiring',
  'Measured the current draw','Cleaned the housing','Topped up the oil','Replaced the worn parts',
  'Adjusted the setpoint','Tested under load','Logged readings','Notified the supervisor',
  'Scheduled a follow-up visit','Verified safe operation','Applied lockout tagout','Updated the checklist']);
-- Rare terms: drawn uniformly and only for some work orders, so that a search for one of
-- them matches a few hundred rows per million.
SELECT bench_seed.load('rare', ARRAY['glycol','refrigerant','solenoid','bellows','diaphragm','rotor','stator',
  'commutator','armature','bushing','grommet','flange','ferrule','shim','sheave','idler','tensioner',
  'pulley','spindle','chuck','collet','mandrel','piston','crankshaft','camshaft','flywheel','governor',
  'carburetor','injector','turbocharger','intercooler','radiator','condenser','evaporator','accumulator',
  'dehumidifier','humidifier','economizer','recuperator','desiccant','ozone','chlorine','legionella',
  'asbestos','mould','rodent','pigeon','graffiti','vandalism','flooding','lightning','earthquake',
  'hailstorm','snowload','icicle','sinkhole','subsidence','efflorescence','spalling','delamination',
  'blistering','pitting','scaling','fouling','cavitation','backflow','siphon','airlock','waterhammer',
  'surge','brownout','blackout','harmonics','arcing','earthing','megger','thermography','ultrasound',
  'borescope','tachometer','manometer','anemometer','hygrometer','pyrometer','oscilloscope','multimeter',
  'torque','preload','runout','backlash','endplay','alignment','balancing','resonance','damping',
  'interlock','estop','guarding','lanyard','harness','scaffold','ladder','hoist','winch','sling',
  'shackle','turnbuckle','caster','ballast','starter','inverter','rectifier','capacitor','resistor',
  'varistor','thyristor','encoder','resolver','tachogenerator','proximity','photocell','limitswitch',
  'keypad','touchscreen','firmware','bootloader','modbus','bacnet','profibus','ethercat','plc','scada',
  'historian','dashboard','barcode','rfid','beacon','gateway','router','antenna','fibre','patchcord',
  'bracket','hinge','latch','closer','kickplate','threshold','weatherstrip','skylight','gutter',
  'downpipe','flashing','membrane','insulation','cladding','louvre','grille','diffuser','plenum',
  'ductwork','silencer','attenuator','chimney','flue','burner','igniter','pilot','flame','thermostatic',
  'mixing','backwash','softener','chlorinator','dosing','sump','ejector','septic','grease','interceptor']);
SELECT bench_seed.load('given', ARRAY['Alex','Sam','Jordan','Taylor','Morgan','Casey','Jamie','Robin','Avery',
  'Riley','Quinn','Drew','Kim','Lee','Pat','Chris','Dana','Eli','Noor','Sasha']);
SELECT bench_seed.load('family', ARRAY['Nguyen','Smith','Garcia','Müller','Rossi','Kowalski','Okafor','Silva',
  'Tanaka','Dubois','Jensen','Novak','Haddad','Costa','Fischer','Ivanova','Brown','Murphy','Sato','Khan']);
SELECT bench_seed.load('skill', ARRAY['hvac','electrical','plumbing','mechanical','refrigeration','welding',
  'carpentry','controls','fire-safety','elevators']);

-- An array of the words of one kind, in rank order.
CREATE FUNCTION bench_seed.words_of(k text) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT array_agg(word ORDER BY rank) FROM bench_seed.words WHERE kind = k
$$;

-- A 1-based index into an array of n elements, skewed towards the start when skew > 1
-- (skew 1: uniform), so a few words are common and most are rarer.
CREATE FUNCTION bench_seed.pick(n int, skew float8, r float8) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT least(n, 1 + floor(n * power(r, skew))::int)
$$;

-- Users: managers, requesters, and one technician account per technician. Seeded users
-- cannot log in (the hash is not in a known scheme); the benchmark logs in as the admin.
INSERT INTO users (org_id, email, name, role, password_hash, created_at, updated_at)
SELECT '00000000-0000-0000-0000-000000000001', format('%s%s@bench.wrench.local', role, lpad(i::text, 4, '0')),
       (bench_seed.words_of('given'))[1 + (i * 7) % 20] || ' ' || (bench_seed.words_of('family'))[1 + (i * 13) % 20],
       role, '!seeded-no-login', now() - interval '4 years', now() - interval '4 years'
FROM (SELECT 'manager' AS role, generate_series(1, 5) AS i
      UNION ALL SELECT 'requester', generate_series(1, :requesters)
      UNION ALL SELECT 'technician', generate_series(1, :technicians)) u;

INSERT INTO technicians (org_id, name, email, skills, user_id, active, created_at, updated_at)
SELECT u.org_id, u.name, u.email,
       ARRAY[(bench_seed.words_of('skill'))[1 + (n % 10)], (bench_seed.words_of('skill'))[1 + ((n * 3 + 1) % 10)]],
       u.id, n % 25 <> 0, u.created_at, u.updated_at
FROM (SELECT *, row_number() OVER (ORDER BY email) AS n FROM users WHERE role = 'technician') u;

-- Assets: "<Kind>-<nnnn>" in a building; the first 500 have no parent, some later ones are
-- parts of one of those.
INSERT INTO assets (org_id, name, category, serial_number, location, status, version, created_at, updated_at)
SELECT '00000000-0000-0000-0000-000000000001',
       k.kinds[1 + (g - 1) % 20] || '-' || lpad(((g - 1) / 20 + 1)::text, 4, '0'),
       k.cats[1 + (g - 1) % 20],
       'SN-' || upper(substr(md5(g::text), 1, 10)),
       k.buildings[1 + (g * 7) % 10] || ', ' || k.places[bench_seed.pick(20, 1.3, random())],
       CASE WHEN random() < 0.03 THEN 'down' WHEN random() < 0.02 THEN 'retired' ELSE 'operational' END,
       1 + (g % 3),
       now() - interval '5 years' + (g::float8 / :assets) * interval '4 years',
       now() - interval '5 years' + (g::float8 / :assets) * interval '4 years'
FROM generate_series(1, :assets) g,
     (SELECT bench_seed.words_of('kind') kinds, bench_seed.words_of('category') cats,
             bench_seed.words_of('building') buildings, bench_seed.words_of('place') places) k;

WITH roots AS (SELECT array_agg(id ORDER BY created_at, id) ids FROM (SELECT id, created_at FROM assets ORDER BY created_at, id LIMIT 500) r)
UPDATE assets a SET parent_id = roots.ids[1 + (abs(hashtext(a.id::text)) % 500)]
FROM roots
WHERE a.id <> ALL (roots.ids) AND abs(hashtext(a.id::text)) % 5 = 0;

ANALYZE users;
ANALYZE technicians;
ANALYZE assets;

-- Lookups for the work order chunks: assets and technicians by a dense 1-based number
-- (joined, not array-subscripted: a 10,000-element array would be detoasted for every row),
-- the short word lists as arrays.
CREATE TABLE bench_seed.asset_ref AS
SELECT row_number() OVER (ORDER BY name)::int AS n, id, name, location FROM assets;
ALTER TABLE bench_seed.asset_ref ADD PRIMARY KEY (n);
CREATE TABLE bench_seed.technician_ref AS
SELECT row_number() OVER (ORDER BY name, id)::int AS n, id FROM technicians;
ALTER TABLE bench_seed.technician_ref ADD PRIMARY KEY (n);
ANALYZE bench_seed.asset_ref;
ANALYZE bench_seed.technician_ref;
CREATE TABLE bench_seed.ref AS
SELECT (SELECT count(*) FROM bench_seed.asset_ref)::int AS asset_count,
       (SELECT count(*) FROM bench_seed.technician_ref)::int AS technician_count,
       (SELECT array_agg(id ORDER BY email) FROM users WHERE role IN ('requester', 'manager', 'admin')) AS requester_ids,
       bench_seed.words_of('verb') AS verbs, bench_seed.words_of('component') AS components,
       bench_seed.words_of('symptom') AS symptoms, bench_seed.words_of('place') AS places,
       bench_seed.words_of('shift') AS shifts, bench_seed.words_of('action') AS actions,
       bench_seed.words_of('rare') AS rares;
